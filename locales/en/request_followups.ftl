# A message sent for a request that closed meanwhile still reaches care.
my-request-closed-relayed = This request is already closed, so your message was not added to it. It went to our care team like any other message.
