package rest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
)

// ReadUpload reads the file part name of a multipart/form-data body (an
// import's fileUpload), at most max bytes, and returns its content and
// file name. Another content type is Micronaut's 415, a body without the
// part a 400, a larger file a 413.
func ReadUpload(r *http.Request, name string, max int64) (data []byte, fileName string, err error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, "", Errorf(http.StatusUnsupportedMediaType, "Content Type [%s] not allowed. Allowed types: [multipart/form-data]", r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, "", BadRequest("Required argument [CompletedFileUpload %s] not specified", name)
		}
		if err != nil {
			return nil, "", BadRequest("cannot read multipart body: %v", err)
		}
		if part.FormName() != name {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, max+1))
		if err != nil {
			return nil, "", BadRequest("cannot read %s: %v", name, err)
		}
		if int64(len(data)) > max {
			return nil, "", Errorf(http.StatusRequestEntityTooLarge, "%s is larger than %d bytes", name, max)
		}
		return data, part.FileName(), nil
	}
}

// ZipEntry is one file of a ZIP answer.
type ZipEntry struct {
	Name    string
	Content string
}

// WriteZip answers a ZIP archive of entries as the attachment fileName
// (an export).
func WriteZip(w http.ResponseWriter, fileName string, entries []ZipEntry) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		f, err := zw.Create(e.Name)
		if err != nil {
			return fmt.Errorf("zip %s: %w", e.Name, err)
		}
		if _, err := io.WriteString(f, e.Content); err != nil {
			return fmt.Errorf("zip %s: %w", e.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", `attachment; filename="`+fileName+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}
