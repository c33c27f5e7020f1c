package render

import (
	"html/template"
	"time"

	"derma/generator/internal/site"
)

// Page is what every template receives. Templates get finished data: lists
// are sorted and counted before rendering starts.
type Page struct {
	Site        *SiteData
	Kind        string // home, guides, guide, az, entry, entries, term, terms, page, compare, search, 404
	Title       string // <h1>
	HeadTitle   string // <title>: the title and the site's
	Description string
	URL         string        // root-relative, without the base path: /guides/x/
	Canonical   string        // absolute, from base_url; "" when it is unset
	Dev         bool          // serve mode: templates add the live-reload script
	Header      template.HTML // the site header, with this page's section marked
	JSONLD      []template.JS
	// The lists below as one piece of HTML each, the guides' cards (their
	// rows on the guide list) joined; set while the page is rendered. Early
	// in the struct, as templates find fields by scanning them in order.
	Cards, Rows, RelatedCards template.HTML
	// Params are the front matter keys of the page's own file that the
	// content model does not name ({{.Params.hero}}, as in Hugo): a guide's
	// or a standalone page's; an entry's every key.
	Params map[string]any

	Guide    *site.Guide
	Entry    *site.Entry
	Kind2    site.Kind
	Term     *site.TermPage
	Taxonomy site.Taxonomy
	Doc      *site.Page
	Section  *site.Section

	Guides    []*site.Guide // a list of guides (home, guide list, term page)
	Entries   []*site.Entry // entries of one kind
	MaskTypes []*site.Entry // the home page's mask types
	Letters   []Letter      // the A-Z index
	Terms     []*site.TermPage
	Filters   []Filter        // filter choices on the guide list
	Compare   []template.HTML // comparison tables on /compare/
	Related   []*site.Guide
	// Steps places a product kind among the others in a routine, by order.
	Steps *Steps
}

// Steps are the product kinds that come just before and just after one in
// a routine (nil for the first and the last).
type Steps struct{ Prev, Next *site.Entry }

// SiteData is the site-wide part of every page.
type SiteData struct {
	Title       string
	Description string
	BaseURL     string
	BasePath    string
	Language    string
	Author      string
	Params      map[string]any
	Nav         []NavItem
	Pages       []*site.Page
	Feed        bool // feed.xml is written
	Built       time.Time
	Counts      Counts
	Footer      template.HTML // rendered once per build
	// The stylesheet and feed links and the scripts of every page, rendered
	// once per build from "site-links" and "site-scripts" when the layout
	// defines them.
	Links, Scripts template.HTML
}

// HeaderData is what the "site-header" partial receives.
type HeaderData struct {
	Site *SiteData
	URL  string // the current page, to mark its section in the navigation
}

// Counts are the sizes of the site, for the home page.
type Counts struct {
	Guides, Ingredients, MaskTypes, Products int
}

// NavItem is a link in the header.
type NavItem struct {
	Title string
	URL   string
}

// Letter is one letter of the A-Z index with its items.
type Letter struct {
	Letter string // "A"... "Z", or "#"
	ID     string // fragment: letter-a
	Items  []AZItem
}

// AZItem is an ingredient, or another name leading to one.
type AZItem struct {
	Label string
	Entry *site.Entry
	Alias bool // Label is an alias or INCI name of Entry
}

// Filter is one family of choices on the guide list.
type Filter struct {
	Key     string // data attribute and query key: ingredient, mask-type, concern, skin-type
	Title   string
	Options []FilterOption
}

// FilterOption is one choice with the page it leads to without script.
type FilterOption struct {
	Slug  string
	Name  string
	URL   string
	Count int
}
