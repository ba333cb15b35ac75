# A message sent for a request that closed meanwhile still reaches care.
my-request-closed-relayed = Бұл сұрау салу жабылып қойған, сондықтан хабарламаңыз оған қосылмады. Ол кез келген басқа хабарлама сияқты қолдау қызметімізге жіберілді.
