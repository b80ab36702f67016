package commands

import "github.com/kestractl/kestractl/sdk/plugin"

// ContextProtected reports whether the command's context is marked
// production (`protected: true` in the config, `config set --protected`):
// every request that is not a GET, HEAD or OPTIONS then asks for
// confirmation (--yes answers it).
func ContextProtected(inv plugin.Invocation) bool { return inv.Protected }
