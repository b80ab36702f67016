package commands

// Help is the detailed help of `nsfiles upload`: where each local file
// lands.
func (u *Upload) Help() string {
	return `Where files land (DEST is --path or the third argument, default the root):

  a file            FILE --path DEST        -> DEST (exactly)
                    FILE --path DEST/       -> DEST/<file name>
                    FILE                    -> /<file name>
  a directory       DIR --path DEST         -> DEST/DIR/<path inside DIR>
  its content       DIR/ --path DEST        -> DEST/<path inside DIR>
                    . --path DEST           -> DEST/<path inside .>

Entries whose name starts with "." are skipped, and so is whatever the
.kestraignore file at the top of DIR excludes (gitignore syntax). Symbolic
links are followed when they stay inside DIR; one that leaves it is an error.
Each file is streamed; with --override an existing file is replaced only once
its new content has fully arrived, so a failed upload leaves it as it was.

Example:
  kestractl nsfiles upload prod ./assets --path resources --override --fail-fast
      uploads ./assets/app.py to resources/assets/app.py, and so on.`
}
