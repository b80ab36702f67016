// Package wire is the go-plugin seam shared by the kestractl core and every
// plugin: the frozen handshake, the protocol versions and the go-plugin
// adapters for the kestractl.v1 services. Plugin authors use sdk/plugin and
// never need this package directly.
package wire

import (
	"github.com/hashicorp/go-plugin"
)

// The magic cookie is not a security measure, it only tells a plugin that it
// was started by kestractl. Frozen forever: never change these two values.
const (
	MagicCookieKey   = "KESTRACTL_PLUGIN_MAGIC_COOKIE"
	MagicCookieValue = "5da2fb7156283fcb708e28e36e0d8b5731ef6fc1ba29cd7938101cb6cb694088"
)

// ProtocolVersion is the major version of the kestractl plugin protocol. It
// changes only for incompatible changes; compatible ones add proto fields and
// capability strings.
const ProtocolVersion = 1

// PluginName is the name under which the kestractl service is dispensed.
const PluginName = "kestractl"

// MaxMessageSize bounds gRPC messages on every server of the protocol (the
// plugin's server and the core's Host server). Large payloads are streamed in
// chunks well below it.
const MaxMessageSize = 64 << 20

// ChunkSize is the size of the chunks in which raw bytes are streamed.
const ChunkSize = 256 << 10

// Handshake returns the go-plugin handshake configuration. ProtocolVersion
// is left at zero because VersionedPlugins carries the version.
func Handshake() plugin.HandshakeConfig {
	return plugin.HandshakeConfig{
		MagicCookieKey:   MagicCookieKey,
		MagicCookieValue: MagicCookieValue,
	}
}
