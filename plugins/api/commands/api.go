// Package commands is the api plugin's grammar and its one command,
// `kestractl api`: any endpoint of the Kestra API, through the context's
// server, credentials, TLS, retries and output.
package commands

import (
	"net/http"
	"slices"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/plugins/api/request"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar.
type CLI struct {
	API API `cmd:"" name:"api" help:"Call any endpoint of the Kestra API (paths and operationIds of its OpenAPI document)."`
}

// Deps are what the command needs besides its flags (bound with
// kong.Bind).
type Deps struct {
	// Catalog is the OpenAPI operation index.
	Catalog *openapi.Catalog
	// Protected reports whether the context is marked production
	// (protected: true): non-GET requests then ask for confirmation.
	Protected func(plugin.Invocation) bool
}

// API is `kestractl api`.
type API struct {
	Target string   `arg:"" optional:"" name:"path" completer:"api-path" help:"A path (/api/v1/{tenant}/flows/search), a path relative to /api/v1/{tenant}/ (flows/search), or an operationId (searchFlows). With --list: words to look for."`
	Params []string `arg:"" optional:"" name:"param" completer:"api-param" help:"Path parameters as name=value (namespace=company.team id=hello)."`

	Method      string   `short:"X" name:"method" placeholder:"METHOD" help:"HTTP method (default: GET; POST with fields or --input; an operationId's own method)."`
	RawFields   []string `short:"f" name:"raw-field" placeholder:"KEY=VALUE" sep:"none" help:"A string field: a query parameter for GET, else a body field (repeatable)."`
	Fields      []string `short:"F" name:"field" placeholder:"KEY=VALUE" sep:"none" help:"A typed field: true, false, null, numbers, @FILE for a file's content (@- for stdin; a streamed file part in a multipart body) (repeatable)."`
	Headers     []string `short:"H" name:"header" placeholder:"NAME:VALUE" sep:"none" help:"A request header (repeatable; credentials come from the context)."`
	Input       string   `name:"input" placeholder:"FILE" help:"The request body, streamed from FILE (- for stdin); fields then go to the query."`
	ContentType string   `name:"content-type" placeholder:"TYPE" help:"The body's content type (default: from the operation, else JSON; YAML for a .yaml --input the operation takes)."`
	Include     bool     `short:"i" name:"include" help:"Print the response status and headers before the body."`
	Silent      bool     `name:"silent" help:"Do not print the response body."`
	OutputFile  string   `short:"O" name:"output-file" placeholder:"FILE" help:"Save the response body to FILE (written atomically) instead of printing it."`
	Paginate    bool     `name:"paginate" help:"Fetch every page of a search (page/size until total) and print one JSON array."`
	NDJSON      bool     `name:"ndjson" help:"With --paginate: print one item per line (NDJSON) as pages arrive."`
	List        bool     `name:"list" help:"List the operations of the OpenAPI document (method, path, operationId, summary, Enterprise), filtered by the words given."`
	DryRun      bool     `name:"dry-run" help:"Print the request that would be sent (credentials masked) and send nothing."`
}

// call is one request being prepared and sent.
type call struct {
	c      *plugin.Context
	a      *API
	ix     *openapi.Index
	target *request.Target
	route  request.Routing
	req    *kestra.Request
	body   *request.Body
}

// Run sends the request.
func (a *API) Run(c *plugin.Context, d *Deps) error {
	if a.List {
		return a.list(c, d)
	}
	if err := a.checkFlags(c); err != nil {
		return err
	}
	ix, err := d.Catalog.Index()
	if err != nil {
		return cmderr.Wrap(cmderr.Internal, err)
	}
	k, err := a.prepare(c, ix)
	if err != nil {
		return err
	}
	defer k.close()
	k.explain()
	if a.DryRun {
		return k.dryRun()
	}
	if d.Protected != nil && d.Protected(c.Invocation()) && !readOnly(k.req.Method) {
		if err := c.ConfirmOrCancel(confirmQuestion(k)); err != nil {
			return err
		}
	}
	if a.Paginate {
		return k.paginate()
	}
	return k.send()
}

func readOnly(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// confirmQuestion names the request; the core adds the context and host.
func confirmQuestion(k *call) string {
	what := k.req.Method + " " + k.req.Path
	if op := k.target.Operation; op != nil {
		what += " (" + op.ID + ")"
	}
	return "Send " + what + " to this protected context?"
}

// checkFlags rejects combinations that cannot work, before anything is
// read or sent.
func (a *API) checkFlags(c *plugin.Context) error {
	switch {
	case a.NDJSON && !a.Paginate:
		return cmderr.Usagef("--ndjson prints the items of --paginate one per line: add --paginate")
	case a.Paginate && a.Include:
		return cmderr.Usagef("--include shows one response's headers: it cannot be combined with --paginate")
	case a.Paginate && a.Silent:
		return cmderr.Usagef("--silent prints nothing: it cannot be combined with --paginate")
	case a.Silent && a.OutputFile != "":
		return cmderr.Usagef("--silent discards the body: it cannot be combined with --output-file")
	case a.Include && c.Structured():
		return cmderr.Usagef("--include prints the status and headers before the raw body: it cannot be combined with -o json, -o yaml or --jq").
			WithHint("drop -o/--jq (or KESTRACTL_OUTPUT) to see the headers")
	}
	return nil
}

// prepare resolves the target, routes the fields and builds the request.
func (a *API) prepare(c *plugin.Context, ix *openapi.Index) (*call, error) {
	fields, err := a.fields()
	if err != nil {
		return nil, err
	}
	params := map[string]string{}
	for _, p := range a.Params {
		name, value, err := request.ParseParam(p)
		if err != nil {
			return nil, err
		}
		if _, dup := params[name]; dup {
			return nil, cmderr.Usagef("path parameter %s is given twice", name)
		}
		params[name] = value
	}
	headers, err := parseHeaders(a.Headers)
	if err != nil {
		return nil, err
	}
	contentType, err := a.contentType(headers)
	if err != nil {
		return nil, err
	}
	method := a.Method
	if a.Paginate && method == "" {
		method = http.MethodGet // a search: the fields are its query
	}
	target, consumed, err := request.Resolve(ix, request.Spec{
		Target: a.Target, Method: method, Params: params, Tenant: c.Server().Tenant,
		HasBody: a.Input != "",
	}, fields)
	if err != nil {
		return nil, err
	}
	var rest []request.Field
	for i, f := range fields {
		if !slices.Contains(consumed, i) {
			rest = append(rest, f)
		}
	}
	if err := request.CheckStdin(rest, a.Input); err != nil {
		return nil, err
	}
	route, err := request.Route(target, rest, a.Input, contentType)
	if err != nil {
		return nil, err
	}
	if a.Paginate {
		if err := checkPaginate(target, route); err != nil {
			return nil, err
		}
	}
	src := newFiles(c)
	query, err := request.Query(target.Query, route.Query, src)
	if err != nil {
		return nil, err
	}
	body, err := request.Build(route, a.Input, src)
	if err != nil {
		return nil, err
	}
	req := &kestra.Request{Method: target.Method, Path: target.Path, Query: query, Header: headers,
		Accept: accept(target.Operation, headers), Stream: true}
	headers.Del("Accept")
	headers.Del("Content-Type")
	if body != nil {
		req.Body, req.GetBody, req.ContentType = body.Reader, body.GetBody, body.ContentType
	} else if route.ContentType != "" {
		req.ContentType = route.ContentType
	}
	return &call{c: c, a: a, ix: ix, target: target, route: route, req: req, body: body}, nil
}

// fields parses -f then -F.
func (a *API) fields() ([]request.Field, error) {
	var out []request.Field
	for _, s := range a.RawFields {
		f, err := request.ParseRaw(s)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	for _, s := range a.Fields {
		f, err := request.ParseTyped(s)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// close releases a body that was built but not (entirely) sent.
func (k *call) close() {
	if k.body == nil {
		return
	}
	if cl, ok := k.body.Reader.(interface{ Close() error }); ok {
		_ = cl.Close()
	}
}

// explain tells, under --verbose, what the document says of the request,
// and warns of a deprecated operation.
func (k *call) explain() {
	c, t := k.c, k.target
	switch {
	case t.Match == nil:
		_ = c.Debug("%s is not in the OpenAPI document (Kestra EE 2.0): sent as is", t.Path)
	case t.Operation == nil:
		_ = c.Debug("the OpenAPI document has no %s %s (it has %v): sent as is", t.Method, t.Match.Template, t.Match.Methods())
	default:
		op := t.Operation
		edition := ""
		if op.Enterprise {
			edition = ", Kestra Enterprise"
		}
		_ = c.Debug("operation %s: %s %s (%s%s)", op.ID, op.Method, op.Path, op.Summary, edition)
	}
	if op := t.Operation; op != nil && op.Deprecated {
		_ = c.Warn("%s is deprecated in the Kestra API", op.ID)
	}
}
