package plugin

import (
	"context"
	"encoding/json"
	"io"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// Host is the other side of a command: the kestractl core, which owns the
// terminal, the credentials and the user's answers. Serve implements it
// over the plugin protocol; sdk/plugintest implements it in memory. A
// command never calls it directly: Context wraps it.
//
// Calls arrive in the order the user must see them.
type Host interface {
	// Table sends one page of a list.
	Table(ctx context.Context, page Page) error
	// Object sends one object.
	Object(ctx context.Context, obj Object) error
	// Message sends a message, shown on stderr.
	Message(ctx context.Context, m Message) error
	// Write sends raw bytes to the user's stdout or stderr.
	Write(ctx context.Context, s Stream, p []byte) error
	// Confirm asks a yes/no question. Without a terminal it fails with a
	// usage error instead of blocking.
	Confirm(ctx context.Context, q Question) (bool, error)
	// Prompt asks for a value.
	Prompt(ctx context.Context, p Prompt) (string, error)
	// Progress reports the progress of a long task.
	Progress(ctx context.Context, u ProgressUpdate) error
	// Credentials returns the resolved credentials (refresh: re-read them
	// after a 401) and the values of the secret flags the core kept out of
	// argv.
	Credentials(ctx context.Context, refresh bool) (Credentials, error)
	// Stdin is the user's standard input.
	Stdin() io.Reader
}

// View says how records are shown as a table.
type View struct {
	Columns []Column
	// Stream: the records are a live stream (see Context.Stream).
	Stream bool
}

// Page is one page of a streamed list. The first page carries the view; the
// last has Final set.
type Page struct {
	View    *View
	Records []json.RawMessage
	Final   bool
	// Footer is shown after the table in table mode only, on stderr.
	Footer string
}

// Object is a single object, shown with its view (a one-row table) or,
// without one, as "key: value" lines.
type Object struct {
	JSON json.RawMessage
	View *View
}

// Level is a message's level.
type Level int

// Message levels.
const (
	LevelInfo Level = iota + 1
	LevelSuccess
	LevelWarning
	LevelError
	// LevelDebug messages are shown only with --verbose.
	LevelDebug
	// LevelInterruptHint messages are kept by the core and shown only if
	// the user interrupts the command (see Context.OnInterrupt).
	LevelInterruptHint
)

// Message is a line for the user, shown on stderr.
type Message struct {
	Level Level
	Text  string
}

// Stream is the user's stdout or stderr.
type Stream int

// Streams.
const (
	Stdout Stream = iota + 1
	Stderr
)

// Question is a yes/no question.
type Question struct {
	Text string
	// Destructive questions default to "no".
	Destructive bool
}

// Prompt asks for a value.
type Prompt struct {
	Text string
	// Secret input is not echoed.
	Secret  bool
	Default string
}

// ProgressUpdate is the state of one progress bar.
type ProgressUpdate struct {
	// ID identifies the bar; several may be active.
	ID    string
	Label string
	// Current and Total (0: unknown) count Unit.
	Current, Total int64
	// Unit is "bytes" or "" (items).
	Unit string
	Done bool
	// Error is set when the task ended with a failure.
	Error string
}

// Credentials are what the core hands over for the Kestra API.
type Credentials struct {
	kestra.Credentials
	// SecretFlags are the values of secret flags removed from argv, by
	// flag name.
	SecretFlags map[string]string
}
