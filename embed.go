// Package concord embeds the bundled glossary and the site theme, so an
// installed binary checks and builds anywhere. The code lives in internal/.
package concord

import "embed"

// Glossary is the bundled glossary (glossary/*.yaml and its schema).
//
//go:embed glossary
var Glossary embed.FS

// Site is the site theme: templates, stylesheet and scripts.
//
//go:embed site
var Site embed.FS
