"""Summary-only copies of one story and a different story under the same headline.

Written for the tests from the reference timeline (the second humanitarian truce of
18 October 2020: Armenia's account of the first night, and Azerbaijan's counter-claim).
The long summaries have more than 48 words (compared by their text alone); the short
one fewer (compared with its headline).
"""

from __future__ import annotations

from datetime import UTC, datetime

#: when the truce took effect (18 Oct 2020 00:00 at UTC+4)
EFFECTIVE = datetime(2020, 10, 17, 20, 0, tzinfo=UTC)

HEADLINE = "Karabakh truce broken minutes after midnight start"
RETITLED = "Yerevan: artillery fire resumed four minutes into humanitarian ceasefire"

ARMENIAN_ACCOUNT = (
    "Armenia's defence ministry said on Sunday that Azerbaijani artillery opened fire on "
    "the northern part of the front at 00:04, four minutes after the second humanitarian "
    "truce took effect at midnight, and kept firing until 02:45. It said rockets were "
    "launched in the southern direction between 02:20 and 02:45. The truce had been "
    "announced late on Saturday in identical statements of the two foreign ministries."
)
#: the same account as a second outlet runs it: its own tag before the wire text
ARMENIAN_COPY = "(Frontline) " + ARMENIAN_ACCOUNT

AZERBAIJANI_ACCOUNT = (
    "Azerbaijan's foreign ministry said on Sunday that Armenian forces used large-calibre "
    "weapons against the Gadabay and Tovuz districts from 00:05 until 03:25 local time, in "
    "breach of the humanitarian truce that began at midnight. It said the Jabrayil district "
    "came under fire straight after the truce started and that further attacks followed at "
    "07:00 in the morning."
)

SHORT_ACCOUNT = (
    "Armenia's defence ministry said Azerbaijani artillery fired on the northern front "
    "from 00:04 to 02:45, minutes after the truce began at midnight."
)
SHORT_OTHER = (
    "Azerbaijan's foreign ministry said Armenian large-calibre fire hit Gadabay and "
    "Tovuz from 00:05 to 03:25, and Jabrayil straight after midnight."
)
