"""What the commands print with; the helpers live in web/output.py, shared with web/crawling.py."""

from web.output import print_json as print_json
from web.output import say as say
from web.output import say_all as say_all
from web.output import update_index_saying as update_index_saying
