// Package site holds what a site is made of (settings, guides, entries,
// pages, other files) and loads it from a folder laid out as the content
// model describes. Load reads and validates; resolve links the pieces.
package site

import (
	"html/template"
	"time"

	"derma/generator/internal/meta"
)

// Config is content/site.yaml.
type Config struct {
	Title       string
	Description string
	BaseURL     string // absolute, with a trailing slash; "" when unset
	BasePath    string // the path part of BaseURL without the trailing slash: "" or "/docs"
	Language    string
	Author      string
	RawHTML     bool
	Params      map[string]any // keys not in the contract, for templates
}

// Kind is one of the three kinds of entry a guide can be about.
type Kind int

const (
	Ingredient Kind = iota
	MaskType
	Product
)

// Kinds lists every kind in display order.
var Kinds = []Kind{Ingredient, MaskType, Product}

// Dir is the kind's folder under content/ and the first part of its URLs.
func (k Kind) Dir() string {
	return [...]string{"ingredients", "mask-types", "products"}[k]
}

// Noun names one entry of the kind in messages: "ingredient".
func (k Kind) Noun() string {
	return [...]string{"ingredient", "mask type", "product kind"}[k]
}

// ListKey is the guide's front matter key that lists entries of the kind.
func (k Kind) ListKey() string {
	return [...]string{"ingredients", "mask_types", "products"}[k]
}

// Plural names the kind in headings: "Ingredients".
func (k Kind) Plural() string {
	return [...]string{"Ingredients", "Mask types", "Product kinds"}[k]
}

func (k Kind) String() string { return k.Dir() }

// KindFromDir maps "ingredients", "mask-types", "products" to a Kind.
func KindFromDir(dir string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Dir() == dir {
			return k, true
		}
	}
	return 0, false
}

// Ref is a reference as an author wrote it, resolved later.
type Ref struct {
	Text  string
	Pos   meta.Pos
	Entry *Entry // set by resolve
}

// Entry is an ingredient, a mask type or a product kind.
type Entry struct {
	Kind        Kind
	Path        string // content/ingredients/retinol.md; "" for a stub
	Slug        string
	Name        string // display name
	INCI        string
	Aliases     []string
	AliasPos    []meta.Pos // where each alias is written, when known
	Description string
	Functions   []string
	Benefits    []string
	BestFor     []string
	Time        []string // "am", "pm"; empty means both
	AvoidWith   []Ref
	PairsWith   []Ref
	Order       int // products: position in a routine
	HasOrder    bool
	Step        string              // mask types: "before-serum" or "after-serum"
	Fields      map[string]any      // every front matter key, for compare tables
	FieldPos    map[string]meta.Pos // where each key was written
	Body        []byte
	BodyLine    int
	Stub        bool // named by a guide but has no file: a page listing the guides
	StubPos     []StubUse
	Unlisted    bool          // named only inside a routine, with no page: shown as text
	HTML        template.HTML // the rendered body
	Headings    []Heading
	Fragments   []Fragment // the body's links to places in pages
	// BodyRoutines are the routine blocks of the entry's own write-up,
	// for HowTo data; Routines below are the guides' routines using it.
	BodyRoutines []Routine
	Chip         template.HTML // a link to the entry as guides show it, rendered once

	// Filled by resolve.
	Guides   []*Guide // every published guide naming it, newest first
	Avoid    []*Entry // symmetric closure of avoid_with, sorted by name
	Pairs    []*Entry // symmetric closure of pairs_with, sorted by name
	Routines []RoutineUse
}

// StubUse is where a stub entry was first named.
type StubUse struct {
	Path string
	Pos  meta.Pos
}

// RoutineUse is a routine block in a guide that uses an entry.
type RoutineUse struct {
	Guide *Guide
	Title string
	ID    string // fragment of the routine in the guide
}

// AM reports whether the entry belongs in a morning routine.
func (e *Entry) AM() bool { return hasTime(e.Time, "am") }

// PM reports whether the entry belongs in an evening routine.
func (e *Entry) PM() bool { return hasTime(e.Time, "pm") }

func hasTime(t []string, want string) bool {
	if len(t) == 0 {
		return true
	}
	for _, x := range t {
		if x == want {
			return true
		}
	}
	return false
}

// URL is the entry's page, root-relative without the base path.
func (e *Entry) URL() string { return "/" + e.Kind.Dir() + "/" + e.Slug + "/" }

// FAQ is one question of a guide's faq list.
type FAQ struct {
	Q     string
	A     string // Markdown
	AHTML template.HTML
	AText string // plain text, for JSON-LD
	Pos   meta.Pos
	// APos is where the answer's first character is written and AIndent
	// the columns before each of its later lines, so that a problem in the
	// answer is reported where it is; APos is Pos when it cannot be told.
	APos    meta.Pos
	AIndent int
}

// Term is a free tag value (concern, skin type, tag).
type Term struct {
	Name string // as first written
	Slug string
}

// Taxonomy is one family of free tags.
type Taxonomy int

const (
	Concerns Taxonomy = iota
	SkinTypes
	Tags
)

// Taxonomies lists every taxonomy in display order.
var Taxonomies = []Taxonomy{Concerns, SkinTypes, Tags}

// Dir is the taxonomy's URL folder.
func (t Taxonomy) Dir() string { return [...]string{"concerns", "skin-types", "tags"}[t] }

// Title names the taxonomy in headings.
func (t Taxonomy) Title() string { return [...]string{"Concerns", "Skin types", "Tags"}[t] }

// Key is the front matter key.
func (t Taxonomy) Key() string { return [...]string{"concerns", "skin_types", "tags"}[t] }

// Guide is an article.
type Guide struct {
	// The fields pages show come first: templates find a field by scanning
	// the struct's fields in order, on every use.
	Title       string
	Description string
	// Prepared by render before any page: what the built-in templates print,
	// made once here so that a page does not call a template function for
	// each date, link and list a guide shows on it.
	Href        string // the page's link, with the base path
	DateISO     string // 2006-01-02
	DateText    string // 2 January 2006
	UpdatedISO  string // "" when never updated
	UpdatedText string
	ReadTime    string // "4 min read"
	Names       string // the ingredients' names, joined by ", "
	Facets      Facets
	Chips       GuideChips

	Path        string
	Slug        string
	SlugLine    int // where slug: is written; 0 when the file name gives the slug
	Date        time.Time
	Updated     time.Time
	Draft       bool
	Author      string
	Refs        [3][]Ref // by Kind
	Terms       [3][]Term
	FAQ         []FAQ
	RelatedRefs []Ref
	// Mentions are the ingredients its routines name in their steps, for
	// the stub pages of names no entry has; StepMentions the steps' own
	// names (product kinds and mask types), likewise.
	Mentions     []Ref
	StepMentions []Ref
	// Redirects are the guide's old addresses (aliases:, as in Hugo), each
	// a page that sends readers on to the guide.
	Redirects []Redirect
	Params    map[string]any
	Body      []byte
	BodyLine  int
	released  released // set by Release

	// Filled by resolve.
	Entries [3][]*Entry // by Kind, deduplicated, in the order written
	Related []*Guide
	Rank    int32 // the guide's place in Site.Guides

	// Filled by render.
	HTML template.HTML
	Card template.HTML // the guide's card in lists, rendered once
	Row  template.HTML // the guide's item in the filterable guide list
	// TermChips are links to the guide's concerns, skin types and tags, by
	// Taxonomy, each named as the guide writes it.
	TermChips [3][]template.HTML
	Headings  []Heading
	Routines  []Routine
	Words     int
	Fragments []Fragment // the body's and answers' links to places in pages
}

// Facets are a guide's slugs as the filterable guide list's data
// attributes hold them, separated by spaces.
type Facets struct{ Ingredient, MaskType, Concern, SkinType string }

// GuideChips are a guide's links to its entries and terms, each list its
// chips joined.
type GuideChips struct {
	Ingredients, MaskTypes, Products template.HTML
	Concerns, SkinTypes, Tags        template.HTML
	About, Terms                     bool // some entries; some terms
}

// URL is the guide's page.
func (g *Guide) URL() string { return "/guides/" + g.Slug + "/" }

// Heading is a section heading in a rendered body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Redirect is an old address of a guide, written at Pos: From is a site
// path, /old-name/ or /old.html.
type Redirect struct {
	From string
	Pos  meta.Pos
}

// Fragment is a link written in a body to a place in a page
// ([x](other.md#usage), [y](#steps)), checked once every body is made.
type Fragment struct {
	Line, Col int
	URL       string // the page, as render.URLs names it; "" for the page itself
	ID        string // the fragment, decoded
	Dest      string // the link as written
}

// Routine is a routine block found while rendering a body, for HowTo data
// and for the ingredient pages that list routines.
type Routine struct {
	Title string
	ID    string
	Time  string
	Steps []RoutineStep
}

// RoutineStep is one step of a routine.
type RoutineStep struct {
	Name        string
	Entry       *Entry
	Ingredients []*Entry
}

// Page is a standalone page from content/pages/.
type Page struct {
	Path        string
	Slug        string
	SlugLine    int // where slug: is written; 0 when the file name gives the slug
	Title       string
	Description string
	Params      map[string]any
	Body        []byte
	BodyLine    int
	HTML        template.HTML
	Headings    []Heading
	Routines    []Routine // routine blocks of the body, for HowTo data
	Fragments   []Fragment
}

// URL is the page's address.
func (p *Page) URL() string { return "/" + p.Slug + "/" }

// Section is an optional _index.md giving a list page its title and intro.
type Section struct {
	Path     string
	Title    string
	Body     []byte
	BodyLine int
	HTML     template.HTML
}

// Site is everything loaded from a site folder.
type Site struct {
	Config   Config
	Guides   []*Guide            // published guides, newest first, then by slug
	Entries  [3][]*Entry         // by Kind, sorted by name; stubs included after resolve
	Pages    []*Page             // sorted by slug
	Sections map[string]*Section // by folder: "guides", "ingredients"...
	Files    []string            // other files under content/, copied as they are
	Terms    [3][]*TermPage      // by Taxonomy, sorted by slug; filled by resolve

	// Drafts and future guides that were left out: links to them are not broken.
	Unpublished map[string]*Guide // by source path
	// Unloaded are Markdown files under content/ that could not be loaded;
	// their own messages say why, so links to them are not reported broken.
	Unloaded []string
}

// TermPage is a free tag with the guides that carry it.
type TermPage struct {
	Taxonomy Taxonomy
	Term
	Guides []*Guide
}

// URL is the term's page.
func (t *TermPage) URL() string { return "/" + t.Taxonomy.Dir() + "/" + t.Slug + "/" }
