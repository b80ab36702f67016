package secrets

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestSecretInheritance(t *testing.T) {
	touched := map[string]bool{}
	s := NewStore(time.Now, func(tenant, ns string) { touched[tenant+"/"+ns] = true })
	s.Put("main", "company", "DB", "company-db", "", nil)
	s.Put("main", "company", "API", "company-api", "", nil)
	s.Put("main", "company.team", "DB", "team-db", "Team DB", []Tag{{"env", "prod"}})
	s.Put("other", "company", "DB", "other-db", "", nil)
	for _, c := range []struct{ ns, key, want string }{
		{"company", "DB", "company-db"}, {"company.team", "DB", "team-db"}, {"company.team.x", "DB", "team-db"},
		{"company.team.x", "API", "company-api"}, {"companyx", "DB", ""}, {"company", "NOPE", ""},
	} {
		got, err := s.Secret("main", c.ns, c.key)
		if got != c.want || (c.want == "") != (err != nil) {
			t.Errorf("%s %s: %q %v", c.ns, c.key, got, err)
		}
		var nf NotFoundError
		if c.want == "" && (!errors.As(err, &nf) || err.Error() != "Cannot find secret for key '"+c.key+"'.") {
			t.Errorf("%s %s: error %v", c.ns, c.key, err)
		}
	}
	if got := fmt.Sprint(s.Inherited("main", "company.team.x")); got != "map[company:[API DB] company.team:[DB] company.team.x:[]]" {
		t.Errorf("inherited %s", got)
	}
	if !touched["main/company.team"] {
		t.Error("the namespace of a secret exists")
	}
	if m, ok := s.Patch("main", "company.team", "DB", nil, []Tag{}); !ok || m.Description != "Team DB" || len(m.Tags) != 0 {
		t.Errorf("patch %+v", m)
	}
	s.DeleteTenant("main")
	if _, err := s.Secret("main", "company", "DB"); err == nil {
		t.Error("DeleteTenant kept secrets")
	}
	if v, _ := s.Secret("other", "company", "DB"); v != "other-db" {
		t.Error("tenants share secrets")
	}
}
