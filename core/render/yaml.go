package render

import (
	"bytes"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// toYAMLNode parses JSON text as YAML (JSON is YAML) into a node tree that
// keeps key order and number text, then switches it to block style.
func toYAMLNode(js []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(js, &doc); err != nil {
		return nil, fmt.Errorf("plugin sent invalid JSON: %w", err)
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	n := doc.Content[0]
	blockStyle(n)
	return n, nil
}

func blockStyle(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		// JSON strings come double-quoted; let the encoder quote only when needed.
		if n.Style == yaml.DoubleQuotedStyle {
			n.Style = 0
		}
		return
	}
	n.Style = 0
	for _, c := range n.Content {
		blockStyle(c)
	}
}

func writeYAML(w io.Writer, js []byte) error {
	n, err := toYAMLNode(js)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return fmt.Errorf("encode YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("encode YAML: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// yamlPage streams a list as one YAML sequence, an item at a time.
func (r *Renderer) yamlPage(l *listState, p *pb.TablePage) error {
	var buf bytes.Buffer
	for _, rec := range p.GetRecords() {
		n, err := toYAMLNode(rec)
		if err != nil {
			return err
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{n}}
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(seq); err != nil {
			return fmt.Errorf("encode YAML: %w", err)
		}
		if err := enc.Close(); err != nil {
			return fmt.Errorf("encode YAML: %w", err)
		}
		l.rows++
		l.started = true
	}
	if p.GetFinal() && !l.started {
		buf.WriteString("[]\n")
	}
	_, err := r.out.Write(buf.Bytes())
	return err
}
