package commands

import "github.com/kestractl/kestractl/sdk/plugin"

// ContextProtected reports whether the command's context is marked
// production (`protected: true` in the config): every request that is not
// a GET, HEAD or OPTIONS then asks for confirmation (--yes answers it).
//
// The core does not hand this flag to plugins yet. Once plugin.Invocation
// carries it (a `protected` field of the protocol's Server message, set by
// the core from the context), this returns inv.Server.Protected; until
// then no context is protected.
func ContextProtected(inv plugin.Invocation) bool {
	_ = inv
	return false
}
