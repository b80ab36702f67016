package help

import (
	"io"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// OptionsIntro opens the page of the global flags.
const OptionsIntro = "These flags work with every command, anywhere on the command line " +
	"(kestractl -o json flows list and kestractl flows list -o json are the same). " +
	"A setting resolves as flag, then environment variable, then config context, then default."

// Options prints the page of the global flags ('kestractl options').
func Options(w io.Writer, globals []*pb.Flag, width int) {
	width = pageWidth(width)
	writeParagraphs(w, OptionsIntro, width, "")
	io.WriteString(w, "\nGlobal flags:\n")
	writeRows(w, FlagRows(globals), width)
}
