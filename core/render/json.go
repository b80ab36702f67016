package render

import (
	"bytes"
	"encoding/json"
	"fmt"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// jsonPage streams a list as one JSON array: "[" with the first page,
// elements as they come, "]" with the final page. An empty list is [].
func (r *Renderer) jsonPage(l *listState, p *pb.TablePage) error {
	var buf bytes.Buffer
	if l.stream {
		// NDJSON: one compact record per line, as it comes.
		for _, rec := range p.GetRecords() {
			if err := json.Compact(&buf, rec); err != nil {
				return fmt.Errorf("plugin sent an invalid JSON record: %w", err)
			}
			buf.WriteByte('\n')
			l.rows++
		}
		_, err := r.out.Write(buf.Bytes())
		return err
	}
	for _, rec := range p.GetRecords() {
		if !l.started {
			buf.WriteString("[\n  ")
			l.started = true
		} else {
			buf.WriteString(",\n  ")
		}
		if err := json.Indent(&buf, rec, "  ", "  "); err != nil {
			return fmt.Errorf("plugin sent an invalid JSON record: %w", err)
		}
		l.rows++
	}
	if p.GetFinal() {
		if l.started {
			buf.WriteString("\n]\n")
		} else {
			buf.WriteString("[]\n")
		}
	}
	_, err := r.out.Write(buf.Bytes())
	return err
}
