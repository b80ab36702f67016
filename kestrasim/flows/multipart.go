package flows

import (
	"mime/multipart"
	"net/http"
)

func multipartReader(r *http.Request, boundary string) *multipart.Reader {
	if boundary == "" || r.Body == nil {
		return nil
	}
	return multipart.NewReader(r.Body, boundary)
}
