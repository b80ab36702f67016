package cmdutil

import (
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ParseFlowRef reads namespace/id, as the *-bulk commands take flows.
func ParseFlowRef(s string) (api.FlowRef, error) {
	ns, id, ok := strings.Cut(s, "/")
	if !ok || strings.Contains(id, "/") {
		return api.FlowRef{}, cmderr.Usagef("invalid flow %q: expected NAMESPACE/FLOW_ID, e.g. company.team/hello", s)
	}
	if err := CheckFlowRef(ns, id); err != nil {
		return api.FlowRef{}, err
	}
	return api.FlowRef{Namespace: ns, ID: id}, nil
}

// ParseFlowRefs reads several namespace/id arguments; a flow named twice
// counts once.
func ParseFlowRefs(args []string) ([]api.FlowRef, error) { return parseAll(args, ParseFlowRef) }

// parseAll parses each argument, keeping the first of equal values.
func parseAll[T comparable](args []string, parse func(string) (T, error)) ([]T, error) {
	out := make([]T, 0, len(args))
	seen := map[T]bool{}
	for _, a := range args {
		v, err := parse(a)
		if err != nil {
			return nil, err
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out, nil
}

// CheckTriggerRef validates a namespace, a flow id and a trigger id given
// on the line.
func CheckTriggerRef(ref api.TriggerRef) error {
	if err := CheckFlowRef(ref.Namespace, ref.FlowID); err != nil {
		return err
	}
	return plugin.ValidateID("trigger id", ref.TriggerID, 100)
}

// ParseTriggerRef reads namespace/flow/trigger.
func ParseTriggerRef(s string) (api.TriggerRef, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return api.TriggerRef{}, cmderr.Usagef("invalid trigger %q: expected NAMESPACE/FLOW_ID/TRIGGER_ID, e.g. company.team/hello/daily", s)
	}
	ref := api.TriggerRef{Namespace: parts[0], FlowID: parts[1], TriggerID: parts[2]}
	if err := CheckTriggerRef(ref); err != nil {
		return api.TriggerRef{}, err
	}
	return ref, nil
}

// ParseTriggerRefs reads several namespace/flow/trigger arguments; a
// trigger named twice counts once.
func ParseTriggerRefs(args []string) ([]api.TriggerRef, error) {
	return parseAll(args, ParseTriggerRef)
}
