package contracttest

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// patchQuirks corrects, narrowly, the places where the Kestra 2.0 document
// describes a response real Kestra never sends, so that faithful responses
// validate. Each patch names the schema and the reason; nothing else is
// relaxed.
func patchQuirks(doc *openapi3.T) error {
	if doc.Components == nil {
		return fmt.Errorf("document has no components")
	}
	schemas := doc.Components.Schemas
	get := func(name string) (*openapi3.Schema, error) {
		ref := schemas[name]
		if ref == nil || ref.Value == nil {
			return nil, fmt.Errorf("schema %s not found", name)
		}
		return ref.Value, nil
	}

	// 1. State lists its Java getters (getDuration, getStartDate,
	// getEndDate) as required properties. Kestra serialises the state as
	// {current, histories, duration, startDate, endDate}; the getters are an
	// introspection artefact of the generator.
	state, err := get("State")
	if err != nil {
		return err
	}
	state.Required = without(state.Required, "getDuration", "getStartDate", "getEndDate")

	// 2. Property<T> values (input defaults, task timeouts) are declared as
	// `type: object` plus `oneOf: [object, string]`, which nothing
	// satisfies; Kestra serialises the raw value (a string, a number, a
	// map...). Every Property_* schema accepts any value.
	for name, ref := range schemas {
		if strings.HasPrefix(name, "Property_") && ref.Value != nil {
			*ref.Value = openapi3.Schema{Description: ref.Value.Description}
		}
	}

	// 3. Flow labels are declared as `oneOf: [Map_Object.Object_]` while the
	// description (and Kestra) say "a list of Label or a map"; Kestra answers
	// the list form. Flow variables are declared `additionalProperties:
	// false`, which would forbid any variable at all.
	label := schemas["Label"]
	if label == nil {
		return fmt.Errorf("schema Label not found")
	}
	for _, name := range []string{"Flow", "AbstractFlow", "FlowWithSource"} {
		s, err := get(name)
		if err != nil {
			return err
		}
		walkProperties(s, func(prop string, ps *openapi3.Schema) {
			switch prop {
			case "labels":
				if len(ps.OneOf) == 1 {
					ps.OneOf = append(ps.OneOf, openapi3.NewSchemaRef("", openapi3.NewArraySchema().WithItems(label.Value)))
				}
			case "variables":
				ps.AdditionalProperties = openapi3.AdditionalProperties{}
			}
		})
	}

	// 4. Map<String, Object> fields are declared with `additionalProperties:
	// {type: object}`, so a string input or a numeric variable would fail;
	// the values are arbitrary JSON.
	for name, props := range map[string][]string{
		"ApiExecution":      {"inputs", "outputs", "variables"},
		"ApiLightExecution": {"inputs", "outputs"},
		"Namespace":         {"variables", "storageConfiguration", "secretConfiguration"},
		"Tenant":            {"storageConfiguration", "secretConfiguration"},
		"FlowInterface":     {"variables"},
		"Backfill":          {"inputs"},
	} {
		s, err := get(name)
		if err != nil {
			return err
		}
		for _, p := range props {
			walkProperties(s, func(prop string, ps *openapi3.Schema) {
				if prop == p {
					ps.AdditionalProperties = openapi3.AdditionalProperties{}
				}
			})
		}
	}

	// 5. A key-value's value is declared `type: object`, but Kestra answers
	// the typed value itself: "hello", 42, true, "PT15M", {...}.
	kv, err := get("KVController.KvDetail")
	if err != nil {
		return err
	}
	if v := kv.Properties["value"]; v != nil && v.Value != nil {
		*v.Value = openapi3.Schema{}
	}

	// 6. AbstractTrigger lists `when` as required: it has a default
	// ("true") and the class is @JsonInclude(NON_DEFAULT), so Kestra omits
	// it unless a flow sets it (kestra-io/kestra
	// core/.../models/triggers/AbstractTrigger.java).
	trig, err := get("AbstractTrigger")
	if err != nil {
		return err
	}
	trig.Required = without(trig.Required, "when")

	// 7. The flow exports answer a ZIP archive as application/octet-stream,
	// declared `type: string, format: byte` (base64); the body is the raw
	// archive (HttpResponse<byte[]> in FlowController). The usage report is
	// a file served the same way.
	for _, path := range []string{"/api/v1/{tenant}/flows/export/by-query", "/api/v1/{tenant}/flows/export/by-ids",
		"/api/v1/{tenant}/stats/generate-reports"} {
		item := doc.Paths.Value(path)
		if item == nil {
			return fmt.Errorf("path %s not found", path)
		}
		for _, op := range item.Operations() {
			if resp := op.Responses.Status(200); resp != nil && resp.Value != nil {
				if mt := resp.Value.Content.Get("application/octet-stream"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
					mt.Schema = openapi3.NewSchemaRef("", &openapi3.Schema{Type: mt.Schema.Value.Type, Format: "binary"})
				}
			}
		}
	}

	// 8. The multipart bodies of inputs (create, resume, replay with
	// inputs, validate) are declared as `type: array` of binary strings, a
	// generator artefact for Micronaut's MultipartBody: the body is a form
	// whose parts are named after the inputs, values or files. They are
	// read as an object that takes any part (kin-openapi decodes no
	// multipart body into an array; the inputs are the flow's, which the
	// document cannot know).
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			mt := op.RequestBody.Value.Content.Get("multipart/form-data")
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || !mt.Schema.Value.Type.Is("array") {
				continue
			}
			anyPart := true
			form := openapi3.NewObjectSchema()
			form.AdditionalProperties = openapi3.AdditionalProperties{Has: &anyPart}
			mt.Schema = openapi3.NewSchemaRef("", form)
		}
	}

	// 9. BulkErrorResponse.invalids is declared `type: object` (the Java
	// field is an Object); Kestra fills it with a Set of
	// ManualConstraintViolation, which it writes as a JSON array.
	bulk, err := get("BulkErrorResponse")
	if err != nil {
		return err
	}
	if inv := bulk.Properties["invalids"]; inv != nil && inv.Value != nil {
		*inv.Value = openapi3.Schema{Description: inv.Value.Description}
	}
	patchResponses(doc)
	return patchContentQuirks(get)
}

// walkProperties calls fn for every property of s and of its allOf parts
// that are inline (not shared references).
func walkProperties(s *openapi3.Schema, fn func(string, *openapi3.Schema)) {
	for name, p := range s.Properties {
		if p != nil && p.Value != nil && p.Ref == "" {
			fn(name, p.Value)
		}
	}
	for _, part := range s.AllOf {
		if part != nil && part.Value != nil && part.Ref == "" {
			walkProperties(part.Value, fn)
		}
	}
}

func without(list []string, drop ...string) []string {
	var out []string
	for _, s := range list {
		keep := true
		for _, d := range drop {
			if s == d {
				keep = false
			}
		}
		if keep {
			out = append(out, s)
		}
	}
	return out
}
