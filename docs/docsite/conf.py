# Sphinx configuration of the telnyx.voice docsite, built by `make docsite` (noxfile.py, session "docsite").
# antsibull-docs writes the RST of the collection into the source tree; the guides in docs/*.md are parsed by
# MyST. The build works offline; every reference must resolve (nitpicky, warnings are errors).

project = 'telnyx.voice'
copyright = 'telnyx.voice contributors'  # pylint: disable=redefined-builtin
title = 'telnyx.voice collection documentation'
html_short_title = 'telnyx.voice'

extensions = ['sphinx.ext.intersphinx', 'sphinx_antsibull_ext', 'myst_parser']
# The few labels of the Ansible docs that the module pages use, from an inventory the build writes (noxfile.py).
intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', 'ansible_devel.inv')}
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
myst_heading_anchors = 3  # GitHub-style anchors, so that links such as (#execution-environment) resolve

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_theme_options = {'vcs_pageview_mode': 'edit', 'topbar_links': {}}
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

default_role = 'any'
nitpicky = True
