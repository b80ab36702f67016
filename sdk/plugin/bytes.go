package plugin

import "github.com/kestractl/kestractl/sdk/display"

// HumanBytes shows a size in binary units, as table cells of the "bytes"
// format show it (docs/conventions.md §5: 812 B, 97.7 KiB, 1.5 MiB), for
// messages that mention a size.
func HumanBytes(n int64) string { return display.HumanBytes(n) }
