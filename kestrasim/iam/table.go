package iam

import "github.com/kestractl/kestractl/kestrasim/scoped"

// instance is the scope of instance-level objects (users, service
// accounts); tenant-level objects are scoped by their tenant id.
const instance = ""

// table holds the objects of one kind by scope, then id. The Store's one
// lock guards every table: objects refer to each other (bindings to roles
// and groups, groups to users).
type table[T any] = scoped.Table[string, T]
