// Package sse reads server-sent event streams (text/event-stream), as
// Kestra's follow endpoints send them.
package sse

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// Event is one dispatched event.
type Event struct {
	ID    string
	Name  string // the "event:" field; "message" when absent
	Data  []byte // data lines joined with "\n"
	Retry string
}

// MaxLine bounds one line of the stream.
const MaxLine = 16 << 20

// Reader reads events from a stream.
type Reader struct {
	s      *bufio.Scanner
	lastID string // the last event id persists across events
}

// NewReader reads events from r.
func NewReader(r io.Reader) *Reader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), MaxLine)
	s.Split(scanLines)
	return &Reader{s: s}
}

// Next returns the next event with data. It returns io.EOF at the end of
// the stream (an incomplete last event is dropped, as the standard says).
func (r *Reader) Next() (*Event, error) {
	ev := Event{ID: r.lastID}
	var data bytes.Buffer
	hasData := false
	for r.s.Scan() {
		line := r.s.Text()
		if line == "" {
			if hasData {
				ev.Data = bytes.TrimSuffix(data.Bytes(), []byte("\n"))
				if ev.Name == "" {
					ev.Name = "message"
				}
				return &ev, nil
			}
			ev = Event{ID: ev.ID}
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue // comment / keep-alive
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "data":
			data.WriteString(value)
			data.WriteByte('\n')
			hasData = true
		case "event":
			ev.Name = value
		case "id":
			if !strings.ContainsRune(value, 0) {
				ev.ID = value
				r.lastID = value
			}
		case "retry":
			ev.Retry = value
		}
	}
	if err := r.s.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, errors.New("event stream line too long")
		}
		return nil, err
	}
	return nil, io.EOF
}

// scanLines splits on \n, \r\n or \r.
func scanLines(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	for i, b := range data {
		switch b {
		case '\n':
			return i + 1, data[:i], nil
		case '\r':
			if i+1 < len(data) {
				if data[i+1] == '\n' {
					return i + 2, data[:i], nil
				}
				return i + 1, data[:i], nil
			}
			if atEOF {
				return i + 1, data[:i], nil
			}
			return 0, nil, nil // need more data to know if \n follows
		}
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}
