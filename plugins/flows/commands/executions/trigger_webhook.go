package executions

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxWebhookBody bounds a webhook body read from a file or stdin.
const maxWebhookBody = 8 << 20

// TriggerWebhook is "executions trigger-webhook <namespace> <flow_id> <key>".
type TriggerWebhook struct {
	Namespace   string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID      string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Key         string `arg:"" help:"The key of the flow's Webhook trigger."`
	Method      string `default:"POST" values:"GET,POST,PUT" help:"HTTP method: GET, POST or PUT."`
	Path        string `placeholder:"SEGMENT" help:"A last path segment after the key (the trigger sees it)."`
	Data        string `short:"d" placeholder:"BODY" help:"Request body (POST, PUT): text, @FILE for a file's content, - for stdin."`
	ContentType string `name:"content-type" placeholder:"TYPE" help:"Content type of the body (default: application/json when the body is JSON, else text/plain)."`
	WaitFlags   `embed:""`
}

// Help implements kong's HelpProvider.
func (*TriggerWebhook) Help() string {
	return "The call carries no credentials: the key is the webhook's secret, and the request (body, headers, parameters) becomes the execution's trigger variables."
}

// Examples implements manifest.Exampler.
func (*TriggerWebhook) Examples() []string {
	return []string{
		"kestractl executions trigger-webhook company.team etl my-secret-key -d '{\"day\": \"2026-12-01\"}'",
		"kestractl executions trigger-webhook company.team etl my-secret-key --method GET --wait",
	}
}

// Run calls the webhook and shows (or follows) the execution it started.
func (t *TriggerWebhook) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(t.Namespace, t.FlowID); err != nil {
		return err
	}
	if err := t.check(); err != nil {
		return err
	}
	if t.Key == "" || strings.ContainsAny(t.Key, "/?#") {
		return cmderr.Usagef("invalid webhook key %q", t.Key)
	}
	method := strings.ToUpper(t.Method)
	if method != http.MethodGet && method != http.MethodPost && method != http.MethodPut {
		return cmderr.Usagef("invalid --method %q: use GET, POST or PUT", t.Method)
	}
	body, err := t.body(c)
	if err != nil {
		return err
	}
	if len(body) > 0 && method == http.MethodGet {
		return cmderr.Usagef("a GET request has no body: use --method POST or PUT with --data")
	}
	ct := t.ContentType
	if ct == "" && len(body) > 0 {
		ct = "text/plain; charset=utf-8"
		if json.Valid(body) {
			ct = "application/json"
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	e, err := cl.TriggerWebhook(c, api.WebhookRequest{Namespace: t.Namespace, FlowID: t.FlowID, Key: t.Key,
		Method: method, Path: t.Path, Body: body, ContentType: ct})
	if err != nil {
		return err
	}
	_ = c.Success("Webhook of %s.%s triggered execution %s.", t.Namespace, t.FlowID, e.ID)
	return t.finish(c, cl, e)
}

// body reads --data: text, @FILE, or - for stdin.
func (t *TriggerWebhook) body(c *plugin.Context) ([]byte, error) {
	switch {
	case t.Data == "":
		return nil, nil
	case strings.HasPrefix(t.Data, "@"):
		path := c.Path(t.Data[1:])
		st, err := os.Stat(path)
		if err != nil {
			return nil, cmderr.Usagef("--data: cannot read file %q: %v", t.Data[1:], unwrapPathError(err))
		}
		if st.Size() > maxWebhookBody {
			return nil, cmderr.Usagef("--data: file %q is larger than %d MiB", t.Data[1:], maxWebhookBody>>20)
		}
		return os.ReadFile(path)
	}
	v, _, err := c.ValueOrStdin(t.Data, "webhook body", false, maxWebhookBody)
	return []byte(v), err
}
