package blueprints

import (
	"embed"
	"fmt"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

// communityFiles are the bundled community blueprints: index.yaml lists
// them (id, kind, title, description, tags, publication date, file).
//
//go:embed community/*.yaml
var communityFiles embed.FS

// communityBlueprint is one blueprint of the community catalog.
type communityBlueprint struct {
	ID          string    `yaml:"id"`
	Kind        string    `yaml:"kind"`
	Title       string    `yaml:"title"`
	Description string    `yaml:"description"`
	Tags        []string  `yaml:"tags"`
	PublishedAt time.Time `yaml:"publishedAt"`
	File        string    `yaml:"file"`
	source      string
	included    []string
}

// Community is the catalog of community blueprints.
type Community struct {
	blueprints []*communityBlueprint
}

// LoadCommunity reads the bundled catalog.
func LoadCommunity() (*Community, error) {
	data, err := communityFiles.ReadFile("community/index.yaml")
	if err != nil {
		return nil, fmt.Errorf("community blueprints: %w", err)
	}
	var c Community
	if err := yaml.Unmarshal(data, &c.blueprints); err != nil {
		return nil, fmt.Errorf("community blueprints: %w", err)
	}
	for _, b := range c.blueprints {
		src, err := communityFiles.ReadFile("community/" + b.File)
		if err != nil {
			return nil, fmt.Errorf("community blueprint %s: %w", b.ID, err)
		}
		if !slices.Contains(kinds, b.Kind) {
			return nil, fmt.Errorf("community blueprint %s: unknown kind %s", b.ID, b.Kind)
		}
		b.source = string(src)
		b.included = includedTasks(b.source)
	}
	return &c, nil
}

// ofKind lists the blueprints of a kind.
func (c *Community) ofKind(kind string) []*communityBlueprint {
	var out []*communityBlueprint
	for _, b := range c.blueprints {
		if b.Kind == kind {
			out = append(out, b)
		}
	}
	return out
}

// get returns one blueprint of a kind.
func (c *Community) get(kind, id string) (*communityBlueprint, bool) {
	for _, b := range c.blueprints {
		if b.Kind == kind && b.ID == id {
			return b, true
		}
	}
	return nil, false
}
