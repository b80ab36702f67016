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

The output is a report: a table of every file and a summary on stderr, or
with -o json one document
  {"summary": {"total": N, "uploaded": N, "replaced": N, "failed": N, ...},
   "results": [{"status", "source", "destination", "size", "error"}]}
Statuses: uploaded (new file), replaced (with --override), failed (error
says why), skipped (not tried: --fail-fast after a failure), and with
--dry-run "would upload" and "would replace". source is the local path,
destination the path in the namespace, size in bytes.`
}

// Examples implements the SDK's Exampler.
func (u *Upload) Examples() []string {
	return []string{
		"# ./assets/app.py goes to resources/assets/app.py, and so on\nkestractl nsfiles upload prod ./assets --path resources --override --fail-fast",
		"# The content of a directory, to the root\nkestractl nsfiles upload company.team scripts/",
		"kestractl nsfiles upload company.team etl.py scripts/etl.py",
		"# See what would change\nkestractl nsfiles upload company.team ./assets --dry-run",
	}
}
