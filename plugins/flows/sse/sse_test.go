package sse

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Event
	}{
		{"micronaut style", "data:{\"a\":1}\nid:start\n\ndata:{\"a\":2}\nid:end\n\n",
			[]Event{{ID: "start", Name: "message", Data: []byte(`{"a":1}`)}, {ID: "end", Name: "message", Data: []byte(`{"a":2}`)}}},
		{"spaces, event names, comments", ": keepalive\n\nevent: progress\ndata: x\ndata: y\n\n",
			[]Event{{Name: "progress", Data: []byte("x\ny")}}},
		{"crlf", "data: a\r\n\r\n", []Event{{Name: "message", Data: []byte("a")}}},
		{"incomplete last event dropped", "data: a\n\ndata: b\n", []Event{{Name: "message", Data: []byte("a")}}},
		{"id persists", "id: 7\ndata: a\n\ndata: b\n\n", []Event{{ID: "7", Name: "message", Data: []byte("a")}, {ID: "7", Name: "message", Data: []byte("b")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.in))
			var got []Event
			for {
				ev, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, *ev)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func FuzzReader(f *testing.F) {
	f.Add("data: a\nid: 1\n\n")
	f.Add(":x\r\ndata\r\n\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		r := NewReader(strings.NewReader(s))
		for i := 0; i < 10000; i++ {
			if _, err := r.Next(); err != nil {
				return
			}
		}
		t.Fatal("reader did not stop")
	})
}
