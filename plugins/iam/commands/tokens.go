package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/plugins/iam/validate"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UserTokens holds a user's API token commands.
type UserTokens struct {
	List   UserTokensList   `cmd:"" aliases:"ls" help:"List a user's API tokens (prefixes only)."`
	Create UserTokensCreate `cmd:"" help:"Create an API token for a user; the full token is shown once."`
	Delete UserTokensDelete `cmd:"" aliases:"rm" help:"Delete (revoke) a user's API token (asks first; --yes to skip)."`
}

// UserTokensList lists a user's tokens.
type UserTokensList struct {
	ID               string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	plugin.ListFlags `embed:""`
}

// Examples implements the SDK's Exampler.
func (t *UserTokensList) Examples() []string {
	return []string{
		"kestractl users tokens list 5uTxJpqvAyhHXJ2kb2Zs5d",
	}
}

// Run lists the tokens.
func (t *UserTokensList) Run(c *plugin.Context) error {
	return listTokens(c, t.ListFlags, iamapi.UserOwner, t.ID)
}

// UserTokensCreate creates a user's token.
type UserTokensCreate struct {
	ID string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	tokenFlags
}

// Examples implements the SDK's Exampler.
func (t *UserTokensCreate) Examples() []string {
	return []string{
		"# The full token is printed once, on stdout: keep it in a secret store\nkestractl users tokens create 5uTxJpqvAyhHXJ2kb2Zs5d --name laptop --max-age P30D --jq .fullToken",
	}
}

// Run creates the token.
func (t *UserTokensCreate) Run(c *plugin.Context) error {
	return createToken(c, iamapi.UserOwner, t.ID, t.tokenFlags)
}

// UserTokensDelete deletes a user's token.
type UserTokensDelete struct {
	ID      string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	TokenID string `arg:"" name:"token-id" completer:"token" help:"Token id (see tokens list)."`
}

// Examples implements the SDK's Exampler.
func (t *UserTokensDelete) Examples() []string {
	return []string{
		"kestractl users tokens delete 5uTxJpqvAyhHXJ2kb2Zs5d 4mWnB8xQ2cV0zL6pK1rT9y",
	}
}

// Run deletes the token.
func (t *UserTokensDelete) Run(c *plugin.Context) error {
	return deleteToken(c, iamapi.UserOwner, t.ID, t.TokenID)
}

// tokenFlags are the attributes of a new API token.
type tokenFlags struct {
	Name        string `required:"" help:"Token name: lowercase letters, digits and dashes." placeholder:"NAME"`
	Description string `help:"Token description." placeholder:"TEXT"`
	MaxAge      string `name:"max-age" help:"Lifetime as an ISO-8601 duration (e.g. P30D, PT12H); default: the server's." placeholder:"DURATION"`
	Extended    bool   `help:"Extend the token's lifetime each time it is used."`
}

func tokensColumns() []plugin.Column {
	return []plugin.Column{
		plugin.Col("ID", "id"), plugin.Col("NAME", "name"), plugin.Col("PREFIX", "prefix"),
		plugin.Col("DESCRIPTION", "description"), ageCol("CREATED", "iat"), ageCol("EXPIRES", "exp"),
		ageCol("LAST USED", "lastUsed"), plugin.Col("EXPIRED", "expired"),
	}
}

// listTokens lists the API tokens of an owner: the server does not page
// them, the list grammar applies to the whole list.
func listTokens(c *plugin.Context, f plugin.ListFlags, o iamapi.Owner, id string) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	owner, err := resolveOwner(c, a, o, id)
	if err != nil {
		return err
	}
	return fetched(c, f, plugin.Listing{Noun: "API token", Columns: tokensColumns()}, func(ctx context.Context) ([]json.RawMessage, error) {
		return a.ListTokens(ctx, o, owner.ID)
	})
}

// createToken creates a token and shows its full value, once. The value
// goes to stdout only: never into a message, a log or a trace.
func createToken(c *plugin.Context, o iamapi.Owner, id string, f tokenFlags) error {
	if err := validate.Name("token name", f.Name); err != nil {
		return cmderr.Usagef("--name: %v", err)
	}
	req := iamapi.TokenRequest{Name: f.Name, Description: f.Description, Extended: f.Extended}
	if f.MaxAge != "" {
		if _, err := validate.MaxAge(f.MaxAge); err != nil {
			return cmderr.Usagef("%v", err)
		}
		req.MaxAge = strings.ToUpper(f.MaxAge)
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	owner, err := resolveOwner(c, a, o, id)
	if err != nil {
		return err
	}
	id = owner.ID
	raw, err := a.CreateToken(c, o, id, req)
	if err != nil {
		return err
	}
	tok, err := iamapi.Decode[iamapi.CreatedToken](raw)
	if err != nil {
		return err
	}
	if tok.FullToken == "" {
		return cmderr.New(cmderr.RemoteFailed, "create API token %q for %s %q: the server's answer holds no token value", f.Name, o.Noun(), id)
	}
	if c.Format() == plugin.FormatTable {
		err = c.Object(fields{{"id", tok.ID}, {"name", tok.Name}, {"token", tok.FullToken}})
	} else {
		err = c.Object(raw)
	}
	if err != nil {
		return err
	}
	return c.Warn("Store this token now: it will not be shown again.")
}

func deleteToken(c *plugin.Context, o iamapi.Owner, ref, tokenID string) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	owner, err := resolveOwner(c, a, o, ref)
	if err != nil {
		return err
	}
	id := owner.ID
	// The token is named in the question and the message: it is looked up
	// first (an unknown one is an error before anything is asked).
	items, err := a.ListTokens(c, o, id)
	if err != nil {
		return err
	}
	name := ""
	for _, raw := range items {
		if t, err := iamapi.Decode[iamapi.Token](raw); err == nil && t.ID == tokenID {
			name = t.Label()
		}
	}
	if name == "" {
		return cmderr.New(cmderr.NotFound, "%s %s has no API token %q", o.Noun(), owner.Label(), tokenID).
			WithHint("see 'kestractl %s tokens list %s'", o.Segment(), id)
	}
	err = confirm(c, func() (string, error) {
		return fmt.Sprintf("Revoke API token %s of %s %s, so that anything using it loses access?", name, o.Noun(), owner.Label()), nil
	})
	if err != nil {
		return err
	}
	if err := a.DeleteToken(c, o, id, tokenID); err != nil {
		return err
	}
	status := map[string]string{"id": tokenID, "status": "deleted"}
	if o == iamapi.ServiceAccountOwner {
		status["serviceAccountId"] = id
	} else {
		status["userId"] = id
	}
	return done(c, status, "API token %s of %s %s deleted.", name, o.Noun(), owner.Label())
}

// resolveOwner finds the user or service account a token command names.
func resolveOwner(c *plugin.Context, a *iamapi.Client, o iamapi.Owner, ref string) (iamapi.Ref, error) {
	if o == iamapi.ServiceAccountOwner {
		return a.ResolveServiceAccount(c, ref)
	}
	return a.ResolveUser(c, ref)
}
