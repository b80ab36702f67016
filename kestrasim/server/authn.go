package server

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
)

// CredentialStore authenticates API users and tokens created through IAM.
type CredentialStore interface {
	AuthenticateBasic(username, password string) (auth.Principal, bool)
	AuthenticateToken(token string) (auth.Principal, bool)
}

// authenticator checks the Authorization header against the command-line
// credentials first, then against IAM users and tokens.
type authenticator struct {
	basicUser, basicPass string
	token                string
	rootID               string          // IAM id of the basic-auth super-admin (ee)
	store                CredentialStore // nil in oss
}

// authenticate returns the principal of r; ok is false when the request has
// no valid credentials.
func (a *authenticator) authenticate(r *http.Request) (auth.Principal, bool) {
	h := r.Header.Get("Authorization")
	scheme, value, _ := strings.Cut(h, " ")
	value = strings.TrimSpace(value)
	switch {
	case strings.EqualFold(scheme, "Basic"):
		user, pass, ok := r.BasicAuth()
		if !ok {
			return auth.Principal{}, false
		}
		if a.basicUser != "" && equal(user, a.basicUser) && equal(pass, a.basicPass) {
			id := a.rootID
			if id == "" {
				id = "admin"
			}
			return auth.Principal{Kind: auth.Static, ID: id, Name: a.basicUser, SuperAdmin: true}, true
		}
		if a.store != nil {
			return a.store.AuthenticateBasic(user, pass)
		}
	case strings.EqualFold(scheme, "Bearer") && value != "":
		if a.token != "" && equal(value, a.token) {
			return auth.Principal{Kind: auth.Static, ID: "token", Name: "token", SuperAdmin: true, Bearer: true}, true
		}
		if a.store != nil {
			p, ok := a.store.AuthenticateToken(value)
			p.Bearer = true
			return p, ok
		}
	}
	return auth.Principal{}, false
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
