package pluginproc

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"sync"
)

// tail keeps the last lines a plugin wrote to stderr, to explain a crash.
// go-plugin copies the plugin's raw stderr here, line by line.
type tail struct {
	mu    sync.Mutex
	lines []string
	max   int
	buf   bytes.Buffer
}

func newTail(max int) *tail { return &tail{max: max} }

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	for {
		line, err := t.buf.ReadString('\n')
		if err != nil {
			t.buf.Reset()
			t.buf.WriteString(line)
			break
		}
		t.add(strings.TrimRight(line, "\r\n"))
	}
	return len(p), nil
}

func (t *tail) add(line string) {
	if strings.TrimSpace(line) == "" {
		return
	}
	// Log lines are hclog JSON: keep their message.
	var entry struct {
		Message string `json:"@message"`
		Level   string `json:"@level"`
	}
	if json.Unmarshal([]byte(line), &entry) == nil && entry.Message != "" {
		if entry.Level != "error" && entry.Level != "fatal" {
			return
		}
		line = entry.Message
	}
	t.lines = append(t.lines, line)
	if len(t.lines) > t.max {
		t.lines = t.lines[len(t.lines)-t.max:]
	}
}

// last returns the most telling recent line: a panic or fatal error if
// there is one, else the last line.
func (t *tail) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if rest := strings.TrimSpace(t.buf.String()); rest != "" {
		t.add(rest)
		t.buf.Reset()
	}
	for _, l := range t.lines {
		if strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "fatal error:") {
			return l
		}
	}
	if len(t.lines) == 0 {
		return ""
	}
	return t.lines[len(t.lines)-1]
}

// prefixWriter prefixes each line with the plugin's name.
type prefixWriter struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
	mid    bool
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out bytes.Buffer
	for _, c := range b {
		if !p.mid {
			out.WriteString(p.prefix)
			p.mid = true
		}
		out.WriteByte(c)
		if c == '\n' {
			p.mid = false
		}
	}
	if _, err := p.w.Write(out.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}
