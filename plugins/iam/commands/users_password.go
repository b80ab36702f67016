package commands

import (
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxPasswords bounds the passwords read from stdin.
const maxPasswords = 64 << 10

// UsersChangeMyPassword changes the caller's own password.
type UsersChangeMyPassword struct{}

// Help is the detailed help of users change-my-password.
func (u *UsersChangeMyPassword) Help() string {
	return `Changes the password of the account kestractl signs in with (PUT
/api/v1/me/password). Neither password is ever taken from the command line:
on a terminal both are prompted for without echo (the new one twice);
otherwise stdin holds two lines, the current password then the new one.
Your sessions end; a context that stores the old password needs the new one
('kestractl config add NAME HOST TENANT --username U --password-stdin').`
}

// Examples implements the SDK's Exampler.
func (u *UsersChangeMyPassword) Examples() []string {
	return []string{
		"# Prompted for, without echo\nkestractl users change-my-password",
		"# In a script: the current password, then the new one\nprintf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | kestractl users change-my-password",
	}
}

// Run reads both passwords and changes them.
func (u *UsersChangeMyPassword) Run(c *plugin.Context) error {
	oldPw, newPw, err := u.read(c)
	if err != nil {
		return err
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	if err := a.ChangeMyPassword(c, oldPw, newPw); err != nil {
		return err
	}
	if err := done(c, map[string]string{"status": "updated"}, "Password changed; your sessions ended."); err != nil {
		return err
	}
	return c.Info("A context that stores your password needs the new one: kestractl config add NAME HOST TENANT --username U --password-stdin")
}

// read gets the current and the new password: prompted for on a
// terminal, two lines of stdin otherwise.
func (u *UsersChangeMyPassword) read(c *plugin.Context) (string, string, error) {
	if c.Terminal().StdinTTY {
		oldPw, err := c.Prompt("Current password", true, "")
		if err != nil {
			return "", "", err
		}
		newPw, err := c.Prompt("New password", true, "")
		if err != nil {
			return "", "", err
		}
		again, err := c.Prompt("New password again", true, "")
		if err != nil {
			return "", "", err
		}
		if again != newPw {
			return "", "", cmderr.Usagef("the new passwords differ: nothing was changed")
		}
		return oldPw, newPw, checkPasswords(oldPw, newPw)
	}
	in, _, err := c.ValueOrStdin("-", "passwords", true, maxPasswords)
	if err != nil {
		return "", "", err
	}
	lines := strings.Split(strings.ReplaceAll(in, "\r\n", "\n"), "\n")
	if len(lines) != 2 {
		return "", "", cmderr.Usagef("expected two lines on stdin, the current password then the new one; got %d", len(lines))
	}
	return lines[0], lines[1], checkPasswords(lines[0], lines[1])
}

func checkPasswords(oldPw, newPw string) error {
	switch {
	case oldPw == "":
		return cmderr.Usagef("the current password is empty")
	case newPw == "":
		return cmderr.Usagef("the new password is empty")
	case oldPw == newPw:
		return cmderr.Usagef("the new password is the current one: nothing to change")
	}
	return nil
}
