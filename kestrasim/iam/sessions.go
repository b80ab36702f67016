package iam

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// sessionValidity is how long an impersonation token is valid.
const sessionValidity = time.Hour

// impersonationJSON is the body of POST /users/{id}/impersonate: the
// document only says "object"; Kestra issues its session JWT, which
// Micronaut Security renders as a BearerAccessRefreshToken (username,
// access_token, token_type, expires_in).
type impersonationJSON struct {
	Username    string `json:"username"`
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// impersonate issues a JWT-shaped token that authenticates as the user
// (bearer), valid for sessionValidity, ended by revoking the user's refresh
// token or a password change.
func (h *Handlers) impersonate(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	return users.change(s, r, func(_ string, u *User) error {
		now := s.now().UTC()
		exp := now.Add(sessionValidity)
		claims, _ := json.Marshal(map[string]any{
			"sub": u.Email, "iss": "kestrasim", "iat": now.Unix(), "exp": exp.Unix(),
			"impersonator": auth.From(r.Context()).Principal.Name,
		})
		b64 := base64.RawURLEncoding
		unsigned := b64.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + b64.EncodeToString(claims)
		mac := hmac.New(sha256.New, []byte(ids.Random(32)))
		mac.Write([]byte(unsigned))
		full := unsigned + "." + b64.EncodeToString(mac.Sum(nil))
		t := &Token{ID: ids.New(), Name: "impersonation", OwnerID: u.ID, IAT: now, Exp: &exp, hash: hashToken(full), session: true}
		s.tokens[t.hash] = t
		rest.WriteJSON(w, http.StatusOK, impersonationJSON{Username: u.Email, AccessToken: full, TokenType: "Bearer",
			ExpiresIn: int(sessionValidity / time.Second)})
		return nil
	})
}

// revokeRefreshToken serves DELETE /users/{id}/refresh-token: the user's
// sessions end (its API tokens stay).
func (h *Handlers) revokeRefreshToken(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	return users.change(s, r, func(_ string, u *User) error {
		s.endSessions(u.ID)
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// endSessions removes the session tokens of a user; the caller holds the
// write lock.
func (s *Store) endSessions(userID string) {
	for h, t := range s.tokens {
		if t.OwnerID == userID && t.session {
			delete(s.tokens, h)
		}
	}
}
