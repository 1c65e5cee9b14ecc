package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/concord-guidance/concord/internal/lsp"
	"github.com/concord-guidance/concord/internal/run"
)

func (a *app) lspCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server (LSP over stdio) for editors",
		Long: `Run concord's language server over standard input and output, for any editor
with a Language Server Protocol client. It checks open Markdown documents as
they are edited, offers the safe replacements and suppression comments as
quick fixes, shows glossary entries on hover, goes to a term's YAML and finds
its uses, and reports errors in glossary files and concord.yaml as they are
typed. Settings come from concord.yaml in the workspace root; logs go to
standard error.

Exit codes:
  0  the client asked the server to shut down and exit
  1  the connection failed (a malformed message, or the client went away
     without asking the server to shut down)
  2  usage error`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			srv := lsp.New(a.stdin, rawWriter(a.stdout), a.stderr, a.runner().LSPWorkspace, run.CheckConfigText)
			if err := srv.Run(); err != nil {
				return &exitError{code: 1, err: err}
			}
			return nil
		},
	}
}

// rawWriter is the stream under concord's escaping writer: protocol
// messages are JSON, escaped by their own rules, and must reach the client
// unchanged and at once.
func rawWriter(w io.Writer) io.Writer {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		return u.Unwrap()
	}
	return w
}
