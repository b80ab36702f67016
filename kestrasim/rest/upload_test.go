package rest

import (
	"archive/zip"
	"bytes"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
)

func multipartBody(t *testing.T, field, fileName, content string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, fileName)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(fw, content); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

func TestReadUpload(t *testing.T) {
	body, ct := multipartBody(t, "fileUpload", "flows.zip", "0123456789")
	cases := []struct {
		name, field, contentType string
		max                      int64
		status                   int
	}{
		{name: "ok", field: "fileUpload", contentType: ct, max: 10},
		{name: "too large", field: "fileUpload", contentType: ct, max: 9, status: 413},
		{name: "no such part", field: "other", contentType: ct, max: 10, status: 400},
		{name: "not multipart", field: "fileUpload", contentType: "application/json", max: 10, status: 415},
		{name: "no boundary", field: "fileUpload", contentType: "multipart/form-data", max: 10, status: 415},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/import", bytes.NewReader(body.Bytes()))
		r.Header.Set("Content-Type", c.contentType)
		data, fileName, err := ReadUpload(r, c.field, c.max)
		if c.status != 0 {
			if err == nil || AsError(err).Status != c.status {
				t.Errorf("%s: got %v, want a %d", c.name, err, c.status)
			}
			continue
		}
		if err != nil || string(data) != "0123456789" || fileName != "flows.zip" {
			t.Errorf("%s: %q %q %v", c.name, data, fileName, err)
		}
	}
}

func TestWriteZip(t *testing.T) {
	w := httptest.NewRecorder()
	if err := WriteZip(w, "flows.zip", []ZipEntry{{Name: "a.yml", Content: "id: a\n"}, {Name: "b.yml", Content: "id: b\n"}}); err != nil {
		t.Fatal(err)
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="flows.zip"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		got = append(got, f.Name+"="+string(data))
	}
	if strings.Join(got, ",") != "a.yml=id: a\n,b.yml=id: b\n" {
		t.Errorf("entries %q", got)
	}
}
