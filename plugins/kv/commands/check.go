package commands

import "github.com/kestractl/kestractl/sdk/plugin"

// maxKey is Kestra's longest key.
const maxKey = 255

// checkNamespace rejects a namespace id Kestra would refuse.
func checkNamespace(ns string) error { return plugin.ValidateNamespace(ns) }

// checkKey rejects a key Kestra would refuse.
func checkKey(key string) error { return plugin.ValidateID("key", key, maxKey) }

// checkTarget checks a namespace and a key.
func checkTarget(ns, key string) error {
	if err := checkNamespace(ns); err != nil {
		return err
	}
	return checkKey(key)
}
