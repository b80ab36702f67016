// Package prompt asks the user yes/no questions on the terminal, the same
// way for the core's own commands and for plugins (through the Host
// service): --yes answers them, no terminal on stdin means refusal rather
// than a hang, a destructive question defaults to no, and the question
// names the context and the host it is about.
package prompt

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Asker asks questions on one terminal.
type Asker struct {
	// In is read for answers; it must be the terminal when InTTY is set.
	In    *bufio.Reader
	InTTY bool
	// Out receives the questions (stderr).
	Out io.Writer
	// Yes answers every question yes (--yes).
	Yes bool
	// Where names the context and the host the command acts on; the
	// question asked on the terminal ends with it (see On).
	Where string
}

// Confirm asks question (naming Where). Without a terminal it fails with a
// usage error that repeats the question and tells to pass --yes (exit 2);
// an answer that is not yes is a no.
func (a *Asker) Confirm(question string, destructive bool) (bool, error) {
	if a.Yes {
		return true, nil
	}
	if !a.InTTY {
		return false, cmderr.Usagef("%s: confirmation needed but stdin is not a terminal; pass --yes to confirm", strings.TrimRight(question, "?: "))
	}
	suffix := " [y/N]: "
	if !destructive {
		suffix = " [Y/n]: "
	}
	fmt.Fprint(a.Out, On(question, a.Where)+suffix)
	line, err := a.In.ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(a.Out)
		return false, cmderr.New(cmderr.Cancelled, "no answer: cancelled")
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "":
		return !destructive, nil
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// Where names a context and its host for a question: "prod
// (https://kestra.example.com)", the host alone without a context name.
func Where(context, host string) string {
	switch {
	case context != "" && host != "":
		return context + " (" + host + ")"
	case context != "":
		return context
	}
	return host
}

// On puts " on <where>" before the final question mark of question (at
// its end when it has none): "Delete flow 'hello' in company.team?" becomes
// "Delete flow 'hello' in company.team on prod (https://kestra.example.com)?".
func On(question, where string) string {
	if where == "" {
		return question
	}
	q := strings.TrimRight(question, " ")
	if strings.HasSuffix(q, "?") {
		return strings.TrimSuffix(q, "?") + " on " + where + "?"
	}
	return q + " on " + where
}
