"""A public progress site of plans: static pages, a search index and a feed.

``planctl site`` (:mod:`planctl.site.command`) checks the plans as public
documents, reads each into plain data (:mod:`planctl.site.plans`) and writes
the pages (:mod:`planctl.site.build`) in the words of the site's language
(:mod:`planctl.site.labels`), with what changed since a revision
(:mod:`planctl.site.changes`) and an Atom feed of dated updates
(:mod:`planctl.site.feed`). Every page names the commit it was built from
(:mod:`planctl.site.source`).
"""
