package request

import (
	"mime"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Kind is the kind of body a request carries.
type Kind int

// Body kinds.
const (
	NoBody Kind = iota
	// JSONBody is an object built from the fields.
	JSONBody
	// MultipartBody is a multipart/form-data body: text parts, and file
	// parts (-F name=@file) streamed from disk.
	MultipartBody
	// FormBody is application/x-www-form-urlencoded.
	FormBody
	// InputBody is --input FILE|-, streamed as is.
	InputBody
)

// Media types.
const (
	TypeJSON      = "application/json"
	TypeYAML      = "application/x-yaml"
	TypeMultipart = "multipart/form-data"
	TypeForm      = "application/x-www-form-urlencoded"
)

// Routing says where each field goes and what the body is.
type Routing struct {
	Query []Field
	Body  []Field
	Kind  Kind
	// ContentType of the body (without the multipart boundary).
	ContentType string
}

// Route sends each field to the query or the body and chooses the body's
// content type:
//   - GET and HEAD, and an operation of the document that takes no body,
//     put every field in the query; so does --input (the body is the
//     input); a field named as one of the operation's query parameters
//     goes to the query too;
//   - the other fields make the body: JSON by default, multipart when the
//     operation takes multipart/form-data (and not JSON, or a field is a
//     file), a form when it takes only a form;
//   - --input is sent as is, typed by --content-type, else by the
//     operation (YAML for a .yaml/.yml file when it takes YAML, its only
//     type, JSON when it takes JSON), else by the file's extension.
//
// contentType is --content-type (or a Content-Type header), "" when not
// given.
func Route(t *Target, fields []Field, input, contentType string) (Routing, error) {
	op := t.Operation
	var r Routing
	queryOnly := t.Method == http.MethodGet || t.Method == http.MethodHead || input != "" ||
		(op != nil && len(op.Consumes) == 0)
	for _, f := range fields {
		if queryOnly || (op != nil && op.TakesQuery(f.Name())) {
			r.Query = append(r.Query, f)
			continue
		}
		r.Body = append(r.Body, f)
	}
	ct := mediaType(contentType)
	switch {
	case input != "":
		r.Kind = InputBody
		r.ContentType = contentType
		if r.ContentType == "" {
			r.ContentType = inputType(op, input)
		}
	case len(r.Body) > 0:
		kind, err := fieldsKind(op, r.Body, ct)
		if err != nil {
			return r, err
		}
		r.Kind = kind
		r.ContentType = contentType
		if r.ContentType == "" {
			r.ContentType = defaultType(op, kind)
		}
	case contentType != "":
		r.ContentType = contentType
	}
	return r, nil
}

// mediaType is a content type without its parameters, lower case.
func mediaType(ct string) string {
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(ct))
	}
	return mt
}

func isJSONType(mt string) bool {
	return mt == TypeJSON || strings.HasSuffix(mt, "+json")
}

// fieldsKind chooses how body fields are encoded.
func fieldsKind(op *openapi.Operation, body []Field, explicit string) (Kind, error) {
	switch {
	case explicit == "":
	case isJSONType(explicit):
		return JSONBody, nil
	case explicit == TypeMultipart:
		return MultipartBody, nil
	case explicit == TypeForm:
		return FormBody, nil
	default:
		return NoBody, cmderr.Usagef("fields make a JSON, multipart or form body, not %s: give a %s body with --input FILE", explicit, explicit)
	}
	if op == nil {
		return JSONBody, nil
	}
	hasFile := false
	for _, f := range body {
		hasFile = hasFile || f.IsFile()
	}
	takesJSON := jsonType(op) != ""
	switch {
	case op.ConsumesType(TypeMultipart) && (!takesJSON || hasFile):
		return MultipartBody, nil
	case takesJSON:
		return JSONBody, nil
	case op.ConsumesType(TypeForm):
		return FormBody, nil
	}
	return NoBody, cmderr.Usagef("%s takes its body as %s: give it with --input FILE (fields -f/-F then go to the query)", op.ID, strings.Join(op.Consumes, " or ")).
		WithHint("e.g. kestractl api %s --input body", op.ID)
}

// jsonType is the operation's JSON media type (application/json,
// application/scim+json), "" when it takes none.
func jsonType(op *openapi.Operation) string {
	for _, ct := range op.Consumes {
		if isJSONType(mediaType(ct)) {
			return ct
		}
	}
	return ""
}

func defaultType(op *openapi.Operation, k Kind) string {
	switch k {
	case MultipartBody:
		return TypeMultipart
	case FormBody:
		return TypeForm
	}
	if op != nil {
		if ct := jsonType(op); ct != "" {
			return ct
		}
	}
	return TypeJSON
}

// inputType is the content type of --input without --content-type.
func inputType(op *openapi.Operation, input string) string {
	ext := strings.ToLower(filepath.Ext(input))
	yamlFile := ext == ".yaml" || ext == ".yml"
	if op != nil && len(op.Consumes) > 0 {
		switch {
		case yamlFile && op.ConsumesType(TypeYAML):
			return TypeYAML
		case len(op.Consumes) == 1:
			return op.Consumes[0]
		case jsonType(op) != "":
			return jsonType(op)
		}
		return op.Consumes[0]
	}
	switch {
	case yamlFile:
		return TypeYAML
	case ext == ".json" || ext == "" || input == "-":
		return TypeJSON
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return TypeJSON
}
