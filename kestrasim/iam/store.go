package iam

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
)

// Store holds every IAM object. It is safe for concurrent use; handlers in
// this package take its lock directly.
type Store struct {
	mu              sync.RWMutex
	now             func() time.Time
	tenants         []string
	users           map[string]*User
	serviceAccounts map[string]*ServiceAccount
	tokens          map[string]*Token // by hash
	groups          map[string]map[string]*Group
	roles           map[string]map[string]*Role
	bindings        map[string]map[string]*Binding
	invitations     map[string]map[string]*Invitation
}

// NewStore returns a store for the given tenants.
func NewStore(tenants []string, now func() time.Time) *Store {
	s := &Store{
		now: now, tenants: tenants,
		users: map[string]*User{}, serviceAccounts: map[string]*ServiceAccount{}, tokens: map[string]*Token{},
		groups: map[string]map[string]*Group{}, roles: map[string]map[string]*Role{},
		bindings: map[string]map[string]*Binding{}, invitations: map[string]map[string]*Invitation{},
	}
	for _, t := range tenants {
		s.groups[t] = map[string]*Group{}
		s.roles[t] = map[string]*Role{}
		s.bindings[t] = map[string]*Binding{}
		s.invitations[t] = map[string]*Invitation{}
	}
	return s
}

// newID returns a 22-character base62 id.
func newID() string { return randomString(22) }

func randomString(n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// SeedRoot records the command-line super-admin as a user and returns its
// id (the principal of --basic-auth requests).
func (s *Store) SeedRoot(email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := &User{ID: newID(), Email: email, SuperAdmin: true, Tenants: slices.Clone(s.tenants), Created: s.now()}
	s.users[u.ID] = u
	return u.ID
}

func hashPassword(salt, password string) string {
	sum := sha256.Sum256([]byte(salt + "\x00" + password))
	return hex.EncodeToString(sum[:])
}

func (u *User) setPassword(pw string) {
	u.salt = randomString(16)
	u.passwordHash = hashPassword(u.salt, pw)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// AuthenticateBasic checks a user's email and password.
func (s *Store) AuthenticateBasic(username, password string) (auth.Principal, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, u := range s.users {
		if !strings.EqualFold(u.Email, username) || u.passwordHash == "" {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(hashPassword(u.salt, password)), []byte(u.passwordHash)) == 1 {
			return auth.Principal{Kind: auth.User, ID: u.ID, Name: u.Email, SuperAdmin: u.SuperAdmin}, true
		}
	}
	return auth.Principal{}, false
}

// AuthenticateToken checks an API token created through the API.
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
	if u := s.users[t.OwnerID]; u != nil {
		return auth.Principal{Kind: auth.User, ID: u.ID, Name: u.Email, SuperAdmin: u.SuperAdmin}, true
	}
	if sa := s.serviceAccounts[t.OwnerID]; sa != nil {
		return auth.Principal{Kind: auth.ServiceAccount, ID: sa.ID, Name: sa.Name, SuperAdmin: sa.SuperAdmin}, true
	}
	return auth.Principal{}, false
}

// createToken stores a token for owner and returns the full secret; the
// caller holds the write lock.
func (s *Store) createToken(ownerID, name, description string, maxAge time.Duration, extended bool) (*Token, string) {
	full := randomString(44)
	now := s.now().UTC()
	t := &Token{ID: newID(), Name: name, Description: description, Prefix: full[:8], OwnerID: ownerID,
		IAT: now, Extended: extended, hash: hashToken(full)}
	if maxAge > 0 {
		exp := now.Add(maxAge)
		t.Exp = &exp
	}
	s.tokens[t.hash] = t
	return t, full
}

// ownerTokens lists the tokens of an owner; the caller holds the lock.
func (s *Store) ownerTokens(ownerID string) []*Token {
	var out []*Token
	for _, t := range s.tokens {
		if t.OwnerID == ownerID {
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
	for _, groups := range s.groups {
		for _, g := range groups {
			g.Members = slices.DeleteFunc(g.Members, func(m Member) bool { return m.UserID == id })
		}
	}
	for _, bs := range s.bindings {
		for bid, b := range bs {
			if b.Type == "USER" && b.ExternalID == id {
				delete(bs, bid)
			}
		}
	}
}

// findGroup finds a group by id in any tenant; the caller holds the lock.
func (s *Store) findGroup(id string) *Group {
	for _, groups := range s.groups {
		if g := groups[id]; g != nil {
			return g
		}
	}
	return nil
}
