package commands

import (
	"bytes"
	"io"
	"unicode/utf8"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxTextPiece bounds how much of a line without a newline is held before
// it is cleaned and written.
const maxTextPiece = 64 << 10

// textCleaner writes text to a terminal cleaned of escape sequences and
// control characters (plugin.SanitizeText), so that a file from the server
// cannot drive the terminal. Text is cleaned a line at a time, so that a
// sequence is seen whole; a very long line goes in pieces cut on a
// character boundary. Flush writes what is left.
type textCleaner struct {
	w    io.Writer
	held []byte
}

func newTextCleaner(w io.Writer) *textCleaner { return &textCleaner{w: w} }

// Write cleans and writes the complete lines of what it was given so far.
func (t *textCleaner) Write(p []byte) (int, error) {
	t.held = append(t.held, p...)
	cut := bytes.LastIndexByte(t.held, '\n') + 1
	if cut == 0 && len(t.held) >= maxTextPiece {
		cut = runeBoundary(t.held)
	}
	if cut > 0 {
		if err := t.emit(t.held[:cut]); err != nil {
			return 0, err
		}
		t.held = append(t.held[:0], t.held[cut:]...)
	}
	return len(p), nil
}

// Flush writes the last, unterminated line.
func (t *textCleaner) Flush() error {
	err := t.emit(t.held)
	t.held = t.held[:0]
	return err
}

func (t *textCleaner) emit(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	_, err := io.WriteString(t.w, plugin.SanitizeText(string(b)))
	return err
}

// runeBoundary is the length of b without a rune cut at its end.
func runeBoundary(b []byte) int {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if utf8.FullRune(b[len(b)-i:]) {
				return len(b)
			}
			return len(b) - i
		}
	}
	return len(b)
}
