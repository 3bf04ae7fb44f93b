"""The main sections of the reference and the Say it page, and the anchor of each one's learning objectives
(trainers link to them)."""

OBJECTIVES = {
    "alliance/": "alliance-objectives",
    "recognising/": "recognising-objectives",
    "managing/": "managing-objectives",
    "managing/primary/": "primary-objectives",
    "managing/secondary/": "secondary-objectives",
    "managing/tertiary/": "tertiary-objectives",
    "guide/practice/say-it/": "say-it-objectives",
}
