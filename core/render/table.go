package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/kestractl/kestractl/sdk/display"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// columnGap separates table columns.
const columnGap = 2

// Table layout. Column widths are fixed once, from the header and the
// first rows, so that every row lines up with the header however the pages
// stream in: a list's rows are held until maxHeldRows arrived, maxHold
// passed since the first, or the list ended (a default-limit list arrives
// in one page and is laid out whole; memory stays bounded for --all). A
// live stream (logs, watch) is laid out from its first page, printed at
// once. On a terminal (Options.Width > 0) the widths then fit the terminal:
// the widest free-text columns shrink, and any cell wider than its column
// is cut with an ellipsis, so a row never wraps. Without a terminal nothing
// is cut: a later cell wider than its column pushes the rest of its own row
// only.
const (
	maxHeldRows = 1000
	maxHold     = time.Second
	// minTextWidth is the narrowest a free-text column shrinks to.
	minTextWidth = 10
)

// tablePage lays out a page of rows.
func (r *Renderer) tablePage(l *listState, p *pb.TablePage) error {
	if len(l.view) == 0 {
		l.view = inferView(p.GetRecords())
	}
	for _, rec := range p.GetRecords() {
		row, err := cells(rec, l.view)
		if err != nil {
			return err
		}
		l.held = append(l.held, row)
	}
	if len(l.held) > 0 && l.heldSince.IsZero() {
		l.heldSince = time.Now()
	}
	if l.widths == nil && !l.stream && !p.GetFinal() && len(l.held) < maxHeldRows && time.Since(l.heldSince) < maxHold {
		return nil
	}
	if len(l.held) == 0 {
		return nil
	}
	header := make([]string, len(l.view))
	for i, c := range l.view {
		header[i] = c.GetHeader()
	}
	var buf bytes.Buffer
	if l.widths == nil {
		l.widths = make([]int, len(l.view))
		if !r.opts.NoHeaders {
			grow(l.widths, header)
		}
		for _, row := range l.held {
			grow(l.widths, row)
		}
		if r.opts.Width > 0 {
			fit(l.widths, l.view, header, r.opts.Width)
		}
		if !r.opts.NoHeaders {
			r.writeRow(&buf, header, l.widths, nil)
		}
	}
	for _, row := range l.held {
		r.writeRow(&buf, row, l.widths, l.view)
	}
	l.rows += len(l.held)
	l.held = l.held[:0]
	_, err := r.out.Write(buf.Bytes())
	return err
}

// grow widens widths to the cells of row (in display cells: CJK and emoji
// count double).
func grow(widths []int, row []string) {
	for i, c := range row {
		if w := runewidth.StringWidth(c); w > widths[i] {
			widths[i] = w
		}
	}
}

// textColumn reports whether a column holds free text that may be cut
// (not a state, time, size, duration or boolean).
func textColumn(c *pb.Column) bool {
	switch c.GetFormat() {
	case "", "text":
		return true
	}
	return false
}

// fit shrinks the widest free-text columns until the row fits width (or
// every free-text column is down to its minimum).
func fit(widths []int, view []*pb.Column, header []string, width int) {
	total := columnGap * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	for total > width {
		widest := -1
		for i, c := range view {
			if textColumn(c) && widths[i] > floor(header[i]) && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return
		}
		cut := min(total-width, widths[widest]-floor(header[widest]))
		// Shrink the widest down to the next widest at most, so that the
		// cut is shared among equally wide text columns.
		for i, c := range view {
			if i != widest && textColumn(c) && widths[i] < widths[widest] && widths[i] >= floor(header[i]) {
				if d := widths[widest] - widths[i]; d > 0 && d < cut {
					cut = d
				}
			}
		}
		widths[widest] -= cut
		total -= cut
	}
}

// floor is the narrowest a free-text column shrinks to.
func floor(header string) int {
	return max(runewidth.StringWidth(header), minTextWidth)
}

// writeRow writes one row padded to widths. On a terminal a cell wider
// than its column is cut with an ellipsis; elsewhere it is kept whole.
func (r *Renderer) writeRow(buf *bytes.Buffer, row []string, widths []int, view []*pb.Column) {
	for i, c := range row {
		last := i == len(row)-1
		w := runewidth.StringWidth(c)
		if r.opts.Width > 0 && w > widths[i] {
			c = runewidth.Truncate(c, widths[i], "…")
			w = runewidth.StringWidth(c)
		}
		text := c
		if r.opts.Color && view != nil && view[i].GetFormat() == "status" {
			text = colorStatus(c)
		}
		buf.WriteString(text)
		if !last {
			buf.WriteString(strings.Repeat(" ", max(widths[i]-w, 0)+columnGap))
		}
	}
	buf.WriteByte('\n')
}

// tableObject prints one object: a one-row table with a view, else
// "key: value" lines in the object's own key order.
func (r *Renderer) tableObject(o *pb.Object) error {
	if v := o.GetView(); v != nil && len(v.GetColumns()) > 0 {
		l := &listState{view: v.GetColumns()}
		return r.tablePage(l, &pb.TablePage{Records: [][]byte{o.GetJson()}, Final: true})
	}
	keys, values, err := orderedFields(o.GetJson())
	if err != nil {
		return err
	}
	if keys == nil {
		// Not an object: print the value itself.
		_, err := fmt.Fprintln(r.out, sanitizeCell(formatValue(values[0])))
		return err
	}
	width := 0
	for _, k := range keys {
		width = max(width, runewidth.StringWidth(k)+1)
	}
	var buf bytes.Buffer
	for i, k := range keys {
		fmt.Fprintf(&buf, "%-*s %s\n", width+columnGap-1, sanitizeCell(k)+":", sanitizeCell(formatValue(values[i])))
	}
	_, err = r.out.Write(buf.Bytes())
	return err
}

// orderedFields returns the top-level keys and raw values of a JSON object
// in document order (nil keys when it is not an object).
func orderedFields(js []byte) ([]string, []json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, fmt.Errorf("plugin sent invalid JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, []json.RawMessage{js}, nil
	}
	var keys []string
	var values []json.RawMessage
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("plugin sent invalid JSON: %w", err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, fmt.Errorf("plugin sent invalid JSON: %w", err)
		}
		keys = append(keys, fmt.Sprint(kt))
		values = append(values, raw)
	}
	return keys, values, nil
}

// inferView builds columns from the first record's keys when the plugin
// sent none.
func inferView(records [][]byte) []*pb.Column {
	if len(records) == 0 {
		return nil
	}
	keys, _, err := orderedFields(records[0])
	if err != nil || keys == nil {
		return []*pb.Column{{Header: "VALUE", Path: ""}}
	}
	view := make([]*pb.Column, len(keys))
	for i, k := range keys {
		view[i] = &pb.Column{Header: strings.ToUpper(k), Path: k}
	}
	return view
}

// cells extracts a row from a record.
func cells(rec []byte, view []*pb.Column) ([]string, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(rec))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("plugin sent an invalid JSON record: %w", err)
	}
	row := make([]string, len(view))
	for i, c := range view {
		row[i] = sanitizeCell(formatAny(lookup(v, c.GetPath()), c.GetFormat()))
	}
	return row, nil
}

// lookup follows a dot-separated path through objects (and numeric indexes
// through arrays). The empty path is the value itself.
func lookup(v any, path string) any {
	if path == "" {
		return v
	}
	for _, key := range strings.Split(path, ".") {
		switch t := v.(type) {
		case map[string]any:
			v = t[key]
		case []any:
			var i int
			if _, err := fmt.Sscan(key, &i); err != nil || i < 0 || i >= len(t) {
				return nil
			}
			v = t[i]
		default:
			return nil
		}
	}
	return v
}

func formatValue(raw json.RawMessage) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return string(raw)
	}
	return formatAny(v, "")
}

// formatAny renders a cell: "-" for missing or empty values, scalars as
// text, lists of scalars comma-separated, anything else as compact JSON.
func formatAny(v any, format string) string {
	switch t := v.(type) {
	case nil:
		return "-"
	case string:
		if t == "" {
			return "-"
		}
		switch format {
		case "duration":
			return formatDuration(t)
		case "time":
			return display.LocalTime(t)
		case "age":
			if a := display.Age(t, time.Now()); a != "" {
				return a
			}
		}
		return t
	case json.Number:
		switch format {
		case "time", "age":
			// Epoch milliseconds (namespace files' dates).
			if ms, err := t.Int64(); err == nil {
				return formatAny(time.UnixMilli(ms).UTC().Format(time.RFC3339Nano), format)
			}
		case "bytes":
			if n, err := t.Int64(); err == nil {
				return display.HumanBytes(n)
			}
		case "duration":
			// A number of milliseconds.
			if f, err := t.Float64(); err == nil {
				return roundDuration(time.Duration(f * float64(time.Millisecond)))
			}
		}
		return t.String()
	case bool:
		// Booleans read the same in every view.
		if t {
			return "yes"
		}
		return "no"
	case []any:
		if len(t) == 0 {
			return "-"
		}
		parts := make([]string, 0, len(t))
		for _, e := range t {
			switch e.(type) {
			case map[string]any, []any:
				b, _ := json.Marshal(t)
				return string(b)
			}
			parts = append(parts, formatAny(e, ""))
		}
		return strings.Join(parts, ",")
	case map[string]any:
		if len(t) == 0 {
			return "-"
		}
		b, _ := json.Marshal(t)
		return string(b)
	}
	return fmt.Sprint(v)
}

// sanitizeCell keeps a cell on one line and strips control characters, so
// server data can neither break the layout nor drive the terminal.
func sanitizeCell(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, display.SanitizeText(s))
}

// isoDuration matches ISO 8601 durations such as PT1M3.25S or P1DT2H.
var isoDuration = regexp.MustCompile(`^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

// formatDuration renders an ISO 8601 duration the Go way (1m3.25s); other
// text is shown as is.
func formatDuration(s string) string {
	m := isoDuration.FindStringSubmatch(s)
	if m == nil || s == "P" || s == "PT" {
		return s
	}
	var d time.Duration
	for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second} {
		if m[i+1] == "" {
			continue
		}
		f, err := strconv.ParseFloat(m[i+1], 64)
		if err != nil {
			return s
		}
		d += time.Duration(f * float64(unit))
	}
	return roundDuration(d)
}

func roundDuration(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}
