package iam

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/ids"
)

// Tenants tells which tenants exist (the tenants API creates and deletes
// them while the server runs).
type Tenants interface {
	Exists(id string) bool
}

// Store holds every IAM object. It is safe for concurrent use; handlers in
// this package take its lock directly.
type Store struct {
	mu              sync.RWMutex
	now             func() time.Time
	tenants         Tenants
	users           table[User]
	serviceAccounts table[ServiceAccount]
	groups          table[Group]
	roles           table[Role]
	bindings        table[Binding]
	invitations     table[Invitation]
	tokens          map[string]*Token // by hash
}

// NewStore returns an empty store.
func NewStore(tenants Tenants, now func() time.Time) *Store {
	return &Store{
		now: now, tenants: tenants,
		users: table[User]{}, serviceAccounts: table[ServiceAccount]{}, groups: table[Group]{},
		roles: table[Role]{}, bindings: table[Binding]{}, invitations: table[Invitation]{},
		tokens: map[string]*Token{},
	}
}

// DeleteTenant removes everything of a deleted tenant: its groups, roles,
// bindings and invitations, and the tenant from every grant.
func (s *Store) DeleteTenant(tenant string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.groups, tenant)
	delete(s.roles, tenant)
	delete(s.bindings, tenant)
	delete(s.invitations, tenant)
	for _, u := range s.users[instance] {
		u.Tenants = slices.DeleteFunc(u.Tenants, func(t string) bool { return t == tenant })
	}
	for _, sa := range s.serviceAccounts[instance] {
		sa.Tenants = slices.DeleteFunc(sa.Tenants, func(t string) bool { return t == tenant })
	}
}

// SeedRoot records the command-line super-admin as a user of the given
// tenants and returns its id (the principal of --basic-auth requests).
func (s *Store) SeedRoot(email string, tenants []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := &User{ID: ids.New(), Email: email, SuperAdmin: true, Tenants: slices.Clone(tenants), Created: s.now()}
	s.users.Put(instance, u.ID, u)
	return u.ID
}

func hashPassword(salt, password string) string {
	sum := sha256.Sum256([]byte(salt + "\x00" + password))
	return hex.EncodeToString(sum[:])
}

func (u *User) setPassword(pw string) {
	u.salt = ids.Random(16)
	u.passwordHash = hashPassword(u.salt, pw)
}

func (u *User) checkPassword(pw string) bool {
	return u.passwordHash != "" &&
		subtle.ConstantTimeCompare([]byte(hashPassword(u.salt, pw)), []byte(u.passwordHash)) == 1
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func userPrincipal(u *User) auth.Principal {
	return auth.Principal{Kind: auth.User, ID: u.ID, Name: u.Email, SuperAdmin: u.SuperAdmin}
}

// AuthenticateBasic checks a user's email and password.
func (s *Store) AuthenticateBasic(username, password string) (auth.Principal, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u := s.users.Find(instance, func(u *User) bool { return strings.EqualFold(u.Email, username) })
	if u == nil || !u.checkPassword(password) {
		return auth.Principal{}, false
	}
	return userPrincipal(u), true
}

// AuthenticateToken checks an API token created through the API (or an
// impersonation token).
func (s *Store) AuthenticateToken(token string) (auth.Principal, bool) {
	h := hashToken(token)
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens[h]
	now := s.now()
	if t == nil || t.expired(now) {
		return auth.Principal{}, false
	}
	t.LastUsed = &now
	if u := s.users.Get(instance, t.OwnerID); u != nil {
		return userPrincipal(u), true
	}
	if sa := s.serviceAccounts.Get(instance, t.OwnerID); sa != nil {
		return auth.Principal{Kind: auth.ServiceAccount, ID: sa.ID, Name: sa.Name, SuperAdmin: sa.SuperAdmin}, true
	}
	return auth.Principal{}, false
}

// createToken stores a token for owner and returns the full secret; the
// caller holds the write lock.
func (s *Store) createToken(ownerID, name, description string, maxAge time.Duration, extended bool) (*Token, string) {
	full := ids.Random(44)
	now := s.now().UTC()
	t := &Token{ID: ids.New(), Name: name, Description: description, Prefix: full[:8], OwnerID: ownerID,
		IAT: now, Extended: extended, hash: hashToken(full)}
	if maxAge > 0 {
		exp := now.Add(maxAge)
		t.Exp = &exp
	}
	s.tokens[t.hash] = t
	return t, full
}

// ownerTokens lists the API tokens of an owner (not its sessions); the
// caller holds the lock.
func (s *Store) ownerTokens(ownerID string) []*Token {
	var out []*Token
	for _, t := range s.tokens {
		if t.OwnerID == ownerID && !t.session {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *Token) int { return a.IAT.Compare(b.IAT) })
	return out
}

// deleteOwner removes everything that refers to a user or service account;
// the caller holds the write lock.
func (s *Store) deleteOwner(id string) {
	for h, t := range s.tokens {
		if t.OwnerID == id {
			delete(s.tokens, h)
		}
	}
	for _, tenant := range s.groups.Scopes() {
		for _, g := range s.groups[tenant] {
			g.Members = slices.DeleteFunc(g.Members, func(m Member) bool { return m.UserID == id })
		}
	}
	for _, tenant := range s.bindings.Scopes() {
		for bid, b := range s.bindings[tenant] {
			if b.Type == "USER" && b.ExternalID == id {
				s.bindings.Remove(tenant, bid)
			}
		}
	}
}

// findGroup finds a group by id in any tenant; the caller holds the lock.
func (s *Store) findGroup(id string) *Group {
	for _, tenant := range s.groups.Scopes() {
		if g := s.groups.Get(tenant, id); g != nil {
			return g
		}
	}
	return nil
}
