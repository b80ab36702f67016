// Package iam is the Enterprise identity and access management of the
// simulator: users, service accounts, API tokens, groups, roles, bindings
// and invitations, and the RBAC decisions made from them.
package iam

import (
	"slices"
	"time"
)

// User is a user account (instance-level).
type User struct {
	ID           string
	Email        string
	FirstName    string
	LastName     string
	passwordHash string
	salt         string
	SuperAdmin   bool
	Restricted   bool
	// Tenants are the explicit tenant grants.
	Tenants []string
	Created time.Time
}

// ServiceAccount is a machine principal (instance-level).
type ServiceAccount struct {
	ID          string
	Name        string
	Description string
	SuperAdmin  bool
	Tenants     []string
}

// Token is an API token; only its hash is kept.
type Token struct {
	ID          string
	Name        string
	Description string
	Prefix      string
	OwnerID     string
	IAT         time.Time
	Exp         *time.Time
	LastUsed    *time.Time
	Extended    bool
	hash        string
	// session tokens (impersonation) are not API tokens: they are not
	// listed, and revoking the user's refresh token ends them.
	session bool
}

func (t *Token) expired(now time.Time) bool { return t.Exp != nil && !now.Before(*t.Exp) }

// Member is a group membership.
type Member struct {
	UserID     string
	Membership string // OWNER or MEMBER
}

// Group is a tenant-scoped group of users.
type Group struct {
	ID          string
	Tenant      string
	Name        string
	Description string
	Members     []Member
}

func (g *Group) has(userID string) bool {
	return slices.ContainsFunc(g.Members, func(m Member) bool { return m.UserID == userID })
}

// Role is a tenant-scoped set of permissions.
type Role struct {
	ID          string
	Name        string
	Description string
	Permissions map[string][]string
	IsDefault   bool
}

// Binding gives a role to a user or a group, optionally on one namespace
// (and its children).
type Binding struct {
	ID         string
	Type       string // USER or GROUP
	ExternalID string
	RoleID     string
	Namespace  string
}

// Invitation invites an email address to a tenant.
type Invitation struct {
	ID         string
	Tenant     string
	Email      string
	Roles      []string
	Groups     []string
	SuperAdmin bool
	SentAt     time.Time
	ExpiredAt  time.Time
	AcceptedAt *time.Time
	// Link is the acceptance link, built from the address the invitation
	// was created through.
	Link string
}

// ---- JSON shapes of the document ----

type tenantSummary struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type userAuth struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

type userGroup struct {
	ID       string `json:"id"`
	TenantID string `json:"tenantId"`
}

type userJSON struct {
	ID            string          `json:"id"`
	Username      string          `json:"username"`
	DisplayName   string          `json:"displayName"`
	FirstName     string          `json:"firstName,omitempty"`
	LastName      string          `json:"lastName,omitempty"`
	Email         string          `json:"email"`
	Tenants       []tenantSummary `json:"tenants"`
	Auths         []userAuth      `json:"auths"`
	Groups        []userGroup     `json:"groups"`
	SuperAdmin    bool            `json:"superAdmin"`
	InstanceOwner bool            `json:"instanceOwner"`
	Restricted    bool            `json:"restricted"`
}

type userSummaryJSON struct {
	ID            string          `json:"id"`
	Username      string          `json:"username"`
	DisplayName   string          `json:"displayName"`
	Tenants       []tenantSummary `json:"tenants"`
	Auths         []userAuth      `json:"auths"`
	SuperAdmin    bool            `json:"superAdmin"`
	InstanceOwner bool            `json:"instanceOwner"`
}

type tokenJSON struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Prefix      string     `json:"prefix"`
	IAT         time.Time  `json:"iat"`
	Exp         *time.Time `json:"exp,omitempty"`
	LastUsed    *time.Time `json:"lastUsed,omitempty"`
	Extended    bool       `json:"extended"`
	Expired     bool       `json:"expired"`
}

type tokenListJSON struct {
	Total   int         `json:"total"`
	Results []tokenJSON `json:"results"`
}

type createdTokenJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	FullToken string `json:"fullToken"`
}

type serviceAccountJSON struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	Description   string          `json:"description,omitempty"`
	Tenants       []tenantSummary `json:"tenants"`
	SuperAdmin    bool            `json:"superAdmin"`
	InstanceOwner bool            `json:"instanceOwner"`
}

type groupJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

type groupMembershipJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	External   bool   `json:"external"`
	Membership string `json:"membership"`
}

type groupMemberJSON struct {
	ID          string                `json:"id"`
	Username    string                `json:"username"`
	DisplayName string                `json:"displayName"`
	Groups      []groupMembershipJSON `json:"groups"`
}

type roleJSON struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Description string              `json:"description,omitempty"`
	Permissions map[string][]string `json:"permissions"`
	IsDefault   bool                `json:"isDefault"`
	IsManaged   bool                `json:"isManaged"`
}

type roleSummaryJSON struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	IsDefault       bool   `json:"isDefault"`
	IsManaged       bool   `json:"isManaged"`
	PermissionCount int    `json:"permissionCount"`
}

type fullRoleJSON struct {
	roleJSON
	Deleted bool `json:"deleted"`
}

type bindingRoleJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type bindingUserJSON struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"displayName"`
	Type        string `json:"type"`
}

type bindingJSON struct {
	ID        string           `json:"id"`
	Type      string           `json:"type"`
	Namespace *string          `json:"namespace"`
	Role      bindingRoleJSON  `json:"role"`
	Group     *bindingRoleJSON `json:"group,omitempty"`
	User      *bindingUserJSON `json:"user,omitempty"`
}

type invitationJSON struct {
	ID            string            `json:"id"`
	Roles         []roleSummaryJSON `json:"roles"`
	Groups        []groupJSON       `json:"groups"`
	TenantID      string            `json:"tenantId"`
	Email         string            `json:"email"`
	Status        string            `json:"status"`
	SentAt        time.Time         `json:"sentAt"`
	ExpiredAt     time.Time         `json:"expiredAt"`
	AcceptedAt    *time.Time        `json:"acceptedAt,omitempty"`
	SuperAdmin    bool              `json:"superAdmin"`
	InstanceOwner bool              `json:"instanceOwner"`
	Link          string            `json:"link"`
}
