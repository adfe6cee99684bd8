"""Web: Datasette served read-only (serve), its configuration from the registries
(datasette_config), sentences rendered with their entities highlighted (render)."""
