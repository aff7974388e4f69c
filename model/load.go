package model

// LoadOptions control Load. The zero value loads a collection as
// configured by its commonplace.yaml.
type LoadOptions struct {
	// Drafts also loads entries under _drafts/.
	Drafts bool
	// Override, when not nil, is applied over the settings file: each
	// non-zero field wins (flags win over commonplace.yaml).
	Override *Settings
}
