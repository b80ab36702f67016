package iamapi

import (
	"encoding/json"
	"fmt"
)

// TenantRef is ApiTenantSummary.
type TenantRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// UserGroup is IAMUserController.ApiGroup: a membership of a user.
type UserGroup struct {
	ID       string `json:"id"`
	TenantID string `json:"tenantId"`
}

// User is the part of IAMUserController.ApiUser the commands read.
type User struct {
	ID          string      `json:"id"`
	Username    string      `json:"username"`
	DisplayName string      `json:"displayName"`
	FirstName   string      `json:"firstName"`
	LastName    string      `json:"lastName"`
	Email       string      `json:"email"`
	Tenants     []TenantRef `json:"tenants"`
	Groups      []UserGroup `json:"groups"`
	SuperAdmin  *bool       `json:"superAdmin"`
	// InstanceOwner is the Kestra 2.x server's name for superAdmin; it is
	// read when present.
	InstanceOwner *bool `json:"instanceOwner"`
	Restricted    bool  `json:"restricted"`
}

// IsSuperAdmin reports the user's super-admin flag, whichever name the
// server used.
func (u User) IsSuperAdmin() bool { return superAdmin(u.SuperAdmin, u.InstanceOwner) }

// TenantIDs are the ids of the user's tenants.
func (u User) TenantIDs() []string {
	out := make([]string, 0, len(u.Tenants))
	for _, t := range u.Tenants {
		out = append(out, t.ID)
	}
	return out
}

// Label names the user in messages: "alice@example.com (id u1)".
func (u User) Label() string { return label(firstNonEmpty(u.Email, u.Username), u.ID) }

func superAdmin(a, b *bool) bool {
	return a != nil && *a || b != nil && *b
}

// UserRequest is IAMUserController.ApiCreateOrUpdateUserRequest. Nil fields
// are not sent.
type UserRequest struct {
	Email      string    `json:"email"`
	FirstName  *string   `json:"firstName,omitempty"`
	LastName   *string   `json:"lastName,omitempty"`
	Password   *string   `json:"password,omitempty"`
	Groups     *[]string `json:"groups,omitempty"`
	Tenants    *[]string `json:"tenants,omitempty"`
	SuperAdmin *bool     `json:"superAdmin,omitempty"`
	Restricted *bool     `json:"restricted,omitempty"`
}

// UserDetails is MeController.ApiUserDetailsRequest (PATCH /users/{id}).
type UserDetails struct {
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Email     string `json:"email"`
}

// Group is IAMGroupController.ApiGroupDetail.
type Group struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Label names the group in messages.
func (g Group) Label() string { return label(g.Name, g.ID) }

// GroupCreate is IAMGroupController.ApiCreateGroupRequest.
type GroupCreate struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	MembersID   []string `json:"membersId,omitempty"`
}

// GroupUpdate is IAMGroupController.ApiUpdateGroupRequest.
type GroupUpdate struct {
	Name        string  `json:"name"`
	Description *string `json:"description,omitempty"`
}

// Role is the part of IAMRoleController.ApiRoleDetail the commands read.
type Role struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description *string     `json:"description"`
	IsDefault   *bool       `json:"isDefault"`
	IsManaged   bool        `json:"isManaged"`
	Permissions Permissions `json:"permissions"`
}

// Permissions is a role's map of resource to actions. Decoding keeps the
// entries whose value is a list of names and skips anything else (such as a
// serialised "empty" flag).
type Permissions map[string][]string

// UnmarshalJSON implements json.Unmarshaler.
func (p *Permissions) UnmarshalJSON(b []byte) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	out := Permissions{}
	for k, v := range all {
		var acts []string
		if json.Unmarshal(v, &acts) == nil && acts != nil {
			out[k] = acts
		}
	}
	*p = out
	return nil
}

// Label names the role in messages.
func (r Role) Label() string { return label(r.Name, r.ID) }

// RoleRequest is IAMRoleController.ApiRoleCreateOrUpdateRequest.
type RoleRequest struct {
	Name        string              `json:"name"`
	Description *string             `json:"description,omitempty"`
	IsDefault   *bool               `json:"isDefault,omitempty"`
	Permissions map[string][]string `json:"permissions"`
}

// ServiceAccount is IAMServiceAccountController.ApiServiceAccountDetail.
type ServiceAccount struct {
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	Description   *string     `json:"description"`
	Tenants       []TenantRef `json:"tenants"`
	SuperAdmin    *bool       `json:"superAdmin"`
	InstanceOwner *bool       `json:"instanceOwner"`
}

// IsSuperAdmin reports the account's super-admin flag.
func (s ServiceAccount) IsSuperAdmin() bool { return superAdmin(s.SuperAdmin, s.InstanceOwner) }

// Label names the account in messages.
func (s ServiceAccount) Label() string { return label(s.Name, s.ID) }

// ServiceAccountCreate is IAMServiceAccountController.ApiCreateServiceAccountRequest.
type ServiceAccountCreate struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	SuperAdmin  *bool    `json:"superAdmin,omitempty"`
	Tenants     []string `json:"tenants,omitempty"`
}

// ServiceAccountPatch is IAMServiceAccountController.ApiPatchServiceAccountRequest.
type ServiceAccountPatch struct {
	Name        string  `json:"name"`
	Description *string `json:"description,omitempty"`
}

// TokenRequest is CreateApiTokenRequest.
type TokenRequest struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	MaxAge      string `json:"maxAge,omitempty"`
	Extended    bool   `json:"extended"`
}

// Token is the part of ApiToken the commands read.
type Token struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Prefix string `json:"prefix"`
}

// Label names the token in messages.
func (t Token) Label() string { return label(t.Name, t.ID) }

// CreatedToken is CreateApiTokenResponse; FullToken is the secret.
type CreatedToken struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	FullToken string `json:"fullToken"`
}

// Binding is the part of IAMBindingController.ApiBindingDetail the commands
// read.
type Binding struct {
	ID        string  `json:"id"`
	Type      string  `json:"type"`
	Namespace *string `json:"namespace"`
	Role      *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"role"`
	Group *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"group"`
	User *struct {
		ID          string `json:"id"`
		Username    string `json:"username"`
		DisplayName string `json:"displayName"`
	} `json:"user"`
}

// Subject names the bound user or group.
func (b Binding) Subject() string {
	switch {
	case b.User != nil:
		return firstNonEmpty(b.User.Username, b.User.DisplayName, b.User.ID)
	case b.Group != nil:
		return firstNonEmpty(b.Group.Name, b.Group.ID)
	}
	return ""
}

// Label describes the binding in messages: "role admin for USER alice
// (id b1)".
func (b Binding) Label() string {
	role := ""
	if b.Role != nil {
		role = firstNonEmpty(b.Role.Name, b.Role.ID)
	}
	s := fmt.Sprintf("binding of role %s to %s %s", role, b.Type, b.Subject())
	if b.Namespace != nil && *b.Namespace != "" {
		s += " in namespace " + *b.Namespace
	}
	return s + " (id " + b.ID + ")"
}

// BindingRequest is IAMBindingController.ApiCreateBindingRequest.
type BindingRequest struct {
	Type        string `json:"type"`
	ExternalID  string `json:"externalId"`
	RoleID      string `json:"roleId"`
	NamespaceID string `json:"namespaceId,omitempty"`
}

// Invitation is the part of IAMInvitationController.ApiInvitationDetail the
// commands read.
type Invitation struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Status string `json:"status"`
}

// Label names the invitation in messages.
func (i Invitation) Label() string { return label(i.Email, i.ID) }

// InvitationRole is IAMInvitationController.ApiInvitationRole.
type InvitationRole struct {
	ID string `json:"id"`
}

// InvitationRequest is IAMInvitationController.ApiInvitationCreateRequest.
type InvitationRequest struct {
	Email                string           `json:"email"`
	Roles                []InvitationRole `json:"roles,omitempty"`
	Groups               []string         `json:"groups,omitempty"`
	SuperAdmin           *bool            `json:"superAdmin,omitempty"`
	CreateUserIfNotExist *bool            `json:"createUserIfNotExist,omitempty"`
}

// Decode reads raw JSON into a value of type T.
func Decode[T any](raw json.RawMessage) (T, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("cannot decode the server's answer: %w", err)
	}
	return v, nil
}

func label(name, id string) string {
	switch {
	case name == "" || name == id:
		return fmt.Sprintf("'%s'", id)
	}
	return fmt.Sprintf("'%s' (id %s)", name, id)
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
