package commands

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
)

// fetch returns the object a reference names: as its resolution read it,
// or read now when it was found by a search.
func fetch(ctx context.Context, ref iamapi.Ref, get func(context.Context, string) (json.RawMessage, error)) (json.RawMessage, error) {
	if ref.Raw != nil {
		return ref.Raw, nil
	}
	return get(ctx, ref.ID)
}

// resolveAll resolves several references, dropping repeats of the same
// object.
func resolveAll(ctx context.Context, refs []string, resolve func(context.Context, string) (iamapi.Ref, error)) ([]iamapi.Ref, error) {
	var out []iamapi.Ref
	for _, r := range refs {
		ref, err := resolve(ctx, r)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(o iamapi.Ref) bool { return o.ID == ref.ID }) {
			out = append(out, ref)
		}
	}
	return out, nil
}

// refIDs are the ids of references.
func refIDs(refs []iamapi.Ref) []string {
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

// refLabels names references in a message: "'ops' (id g1), 'dev' (id g2)".
func refLabels(refs []iamapi.Ref) string {
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		out = append(out, r.Label())
	}
	return strings.Join(out, ", ")
}
