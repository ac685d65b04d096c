"""The skills axis's way to training (seed 004, issue 16 item 2): a person's gap against the
service standard names the competences of learning's framework they fall short on; their
training plan takes the modules for those competences through learning's own plan service
(microlearning/services/observed_gaps.py: the manager's choices kept, their review asked
again), and the skills axis shows how far each person's plan went."""
