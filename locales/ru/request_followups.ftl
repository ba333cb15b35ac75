# A message sent for a request that closed meanwhile still reaches care.
my-request-closed-relayed = Этот запрос уже закрыт, поэтому ваше сообщение к нему не добавлено. Оно передано нашей службе поддержки, как любое другое сообщение.
