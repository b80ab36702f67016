package iam

import (
	"net/http"
	"time"

	"github.com/kestractl/kestractl/kestrasim/isoduration"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// tokenRequest is CreateApiTokenRequest.
type tokenRequest struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	MaxAge      string `json:"maxAge"`
	Extended    bool   `json:"extended"`
}

func (req tokenRequest) validate() (time.Duration, error) {
	if !validName(req.Name) {
		return 0, rest.Invalid(rest.Violation{Path: "name", Message: `must match "^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$" (lowercase alphanumeric and dashes)`})
	}
	if req.MaxAge == "" {
		return 0, nil
	}
	d, err := isoduration.Parse(req.MaxAge)
	if err != nil || d <= 0 {
		return 0, rest.Invalid(rest.Violation{Path: "maxAge", Message: "must be a positive ISO-8601 duration such as P30D"})
	}
	return d, nil
}

func (s *Store) tokenJSON(t *Token) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Description: t.Description, Prefix: t.Prefix,
		IAT: t.IAT, Exp: t.Exp, LastUsed: t.LastUsed, Extended: t.Extended, Expired: t.expired(s.now())}
}

// tokenRoutes serves the API tokens of the owners of kind k (users and
// service accounts) under prefix/{id}/api-tokens. The document gives the
// two kinds different statuses: created is the status of a created token,
// and answerDeleted makes a delete answer 200 with the deleted token
// instead of 204.
func tokenRoutes[T any](s *Store, prefix string, k kind[T], created int, answerDeleted bool) []rest.Route {
	p := prefix + "/{id}/api-tokens"
	list := func(w http.ResponseWriter, r *http.Request) error {
		return k.view(s, r, func(string, *T) error {
			out := tokenListJSON{Results: []tokenJSON{}}
			for _, t := range s.ownerTokens(r.PathValue("id")) {
				out.Results = append(out.Results, s.tokenJSON(t))
			}
			out.Total = len(out.Results)
			rest.WriteJSON(w, http.StatusOK, out)
			return nil
		})
	}
	create := func(w http.ResponseWriter, r *http.Request) error {
		var req tokenRequest
		if err := rest.DecodeJSON(r, &req); err != nil {
			return err
		}
		maxAge, err := req.validate()
		if err != nil {
			return err
		}
		return k.change(s, r, func(string, *T) error {
			t, full := s.createToken(r.PathValue("id"), req.Name, req.Description, maxAge, req.Extended)
			rest.WriteJSON(w, created, createdTokenJSON{ID: t.ID, Name: t.Name, FullToken: full})
			return nil
		})
	}
	remove := func(w http.ResponseWriter, r *http.Request) error {
		return k.change(s, r, func(string, *T) error {
			owner, id := r.PathValue("id"), r.PathValue("tokenId")
			for h, t := range s.tokens {
				if t.OwnerID == owner && t.ID == id && !t.session {
					delete(s.tokens, h)
					if answerDeleted {
						rest.WriteJSON(w, http.StatusOK, s.tokenJSON(t))
					} else {
						w.WriteHeader(http.StatusNoContent)
					}
					return nil
				}
			}
			return rest.NotFound("API token '%s' not found", id)
		})
	}
	return []rest.Route{
		{Method: "GET", Path: p, Handler: list},
		{Method: "POST", Path: p, Handler: create},
		{Method: "DELETE", Path: p + "/{tokenId}", Handler: remove},
	}
}
