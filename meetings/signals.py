"""What the meetings app tells the apps above it, which it may not import (the order of apps).

The lifecycle listens: it decides whether a new meeting counts as a supported one (and refuses one
beyond the network's quota), and it moves a network on when its last supported meeting was held.
Receivers run inside the service's transaction, with the network row locked.
"""

from django.dispatch import Signal

# Sent by `schedule_meeting` before the meeting is saved, with `network` (locked) and `planned_by`.
# A receiver may raise ValidationError to refuse the meeting, and returns True when the meeting
# counts as supported.
planning_meeting = Signal()

# Sent by `record_attendance` when a meeting becomes held (not when its list is corrected later),
# with `meeting` and `recorded_by`.
meeting_held = Signal()
