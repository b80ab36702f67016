package commands

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// object reads a JSON answer (at most MaxStructured bytes) and hands it to
// the core as one object, which prints it with -o json or -o yaml, or
// filters it with --jq.
func (k *call) object(resp *http.Response, body io.Reader) error {
	b, err := io.ReadAll(io.LimitReader(body, MaxStructured+1))
	if err != nil {
		return k.readError(err)
	}
	if len(b) > MaxStructured {
		return cmderr.New(cmderr.Generic, "the JSON answer is larger than %d MiB, the most -o json, -o yaml and --jq take", MaxStructured>>20).
			WithHint("drop -o/--jq to stream it as it comes, save it with --output-file, or walk a search with --paginate")
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	if !json.Valid(b) {
		return cmderr.New(cmderr.Unavailable, "%s %s: the server's answer is declared JSON but is not valid JSON", k.req.Method, k.req.Path).
			WithHint("drop -o/--jq to see it as it came")
	}
	return k.c.Object(json.RawMessage(b))
}

// ndjsonRecords sends each line of an NDJSON answer as a record of a live
// stream (NDJSON with -o json, --jq per record).
func (k *call) ndjsonRecords(body io.Reader) error {
	s := k.c.Stream()
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64<<10), kestra.MaxItemSize)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := s.Add(json.RawMessage(bytes.Clone(line))); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return k.readError(err)
	}
	return s.Close("")
}

// eventRecords sends the data of each server-sent event as a record of a
// live stream (JSON data as is, other data as {"data": TEXT}).
func (k *call) eventRecords(body io.Reader) error {
	s := k.c.Stream()
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64<<10), kestra.MaxItemSize)
	var data []string
	flush := func() error {
		if len(data) == 0 {
			return nil
		}
		payload := strings.Join(data, "\n")
		data = data[:0]
		rec := json.RawMessage(payload)
		if !json.Valid(rec) {
			b, err := json.Marshal(map[string]string{"data": payload})
			if err != nil {
				return err
			}
			rec = b
		}
		return s.Add(rec)
	}
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if err := flush(); err != nil {
				return err
			}
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		}
	}
	if err := sc.Err(); err != nil {
		return k.readError(err)
	}
	if err := flush(); err != nil {
		return err
	}
	return s.Close("")
}

// sniffLen is how much of an answer is looked at to tell text from binary.
const sniffLen = 8 << 10

// textual reports whether an answer can be shown on a terminal: a text
// content type, or else a first block that is UTF-8 without control
// characters other than tab, newline, carriage return, form feed and
// escape.
func textual(contentType string, head []byte) bool {
	mt := mediaType(contentType)
	if strings.HasPrefix(mt, "text/") || isJSON(mt) || isYAML(mt) || strings.HasSuffix(mt, "+xml") ||
		mt == "application/xml" || mt == "application/x-ndjson" || mt == "application/javascript" {
		return true
	}
	if !utf8.Valid(head) && !validCut(head) {
		return false
	}
	for _, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1b {
			return false
		}
	}
	return true
}

// validCut reports whether b is UTF-8 but for a rune cut by its end.
func validCut(b []byte) bool {
	for cut := 1; cut < utf8.UTFMax && cut <= len(b); cut++ {
		tail := b[len(b)-cut:]
		if !utf8.FullRune(tail) && utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}
