package contracttest

import (
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// sourceBodyDecoder decodes YAML bodies: as the raw text when the schema
// is a string (a flow, a test suite, an app... source: kin-openapi's YAML
// decoder would make it an object), else as YAML.
func sourceBodyDecoder(body io.Reader, h http.Header, schema *openapi3.SchemaRef, enc openapi3filter.EncodingFn) (any, error) {
	if schema != nil && schema.Value != nil && schema.Value.Type.Is(openapi3.TypeString) {
		return openapi3filter.PlainBodyDecoder(body, h, schema, enc)
	}
	return openapi3filter.YamlBodyDecoder(body, h, schema, enc)
}
